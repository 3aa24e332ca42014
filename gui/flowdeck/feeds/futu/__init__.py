"""The `futu://` source: Futu OpenD through the futu-api SDK (feed.py), its connection,
calls, records, URL and the SDK loader. Imports nothing of sim/ or replay/ (pyproject.toml's
import contract); importing this package loads neither the SDK nor the feed."""
