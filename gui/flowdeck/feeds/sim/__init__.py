"""The `sim` source: a simulated market (feed.py), its stocks, trade tapes, market
clocks and the day's minute points rebuilt on demand. Imports nothing of futu/ or
replay/ (pyproject.toml's import contract)."""
