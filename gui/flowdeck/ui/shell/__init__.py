"""The window's frame: entry point, startup, the main window (composition only), the app,
the status bar, settings, single instance, the crash dialog, the self-test."""
