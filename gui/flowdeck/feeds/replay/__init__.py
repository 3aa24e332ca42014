"""The `replay:FILE` source: a recorded day of trades replayed (feed.py), its CSV
reader, time column and market. Imports nothing of sim/ or futu/ (pyproject.toml's
import contract); the minute points it shares with sim live in feeds/minute_points.py."""
