"""Pure-Python core: codes, records, errors, markets, the flow engine, history.

Nothing here imports Qt, asyncio, sockets or touches files; import-linter
contracts in pyproject.toml enforce it.
"""
