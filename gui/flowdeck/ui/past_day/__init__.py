"""Any past day on screen (issue 19): the table and the charts on an archived day's
close, read-only, with alerts off, and back to live."""
