"""The `eastmoney://` source: East Money's public capital-flow quotes, no account (feed.py),
its URL (url.py), the one request budget every request shares (budget.py), the HTTP
client (client.py) and the parsers of its answers (fields.py, minutes.py). Imports
nothing of sim/, futu/ or replay/ (pyproject.toml's import contract)."""
