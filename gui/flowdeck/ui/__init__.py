"""The PySide6 window. Only the entry point imports this package."""
