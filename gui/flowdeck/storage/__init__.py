"""Config file, watchlists and alert log on disk, written atomically (no Qt)."""
