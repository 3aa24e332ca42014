"""The spec's Quote API client (no Qt)."""
