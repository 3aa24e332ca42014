"""The Big trades dock (issue 21): the day's large prints, newest first, filtered, frozen
while the user reads them; and the detail dock's own tape of the selected stock."""
