"""The Market view (issue 20): a market's codes or sectors ranked by one of the 12
numbers, today or over 3 to 20 trading days, updated live (core.ranking and
core.sectors do the ranking; this package shows it)."""
