"""Finding a stock by what a trader types: the search the window shares (search_index),
the dropdown of matches under a line edit (code_completer) and the Ctrl+K quick search
(quick_search)."""
