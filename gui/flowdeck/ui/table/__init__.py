"""The flow table: its Qt model, view, cell formats, columns, row order, sparklines."""
