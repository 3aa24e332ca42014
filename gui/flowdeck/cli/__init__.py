"""Command-line subcommands: fetch, watch, record (no Qt)."""
