"""Alerts in the window: rules editor, alert log dock, tray and banner notifiers, menu."""
