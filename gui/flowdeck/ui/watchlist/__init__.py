"""The watchlist dock: lists, their model, pasted codes and the messages about them."""
