"""FlowDeck: a desktop monitor of stock capital flow (资金流向)."""

__version__ = "0.1.0"
