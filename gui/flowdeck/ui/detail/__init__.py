"""The detail dock: one stock's tiers over the day (chart, bars, minute axis)."""
