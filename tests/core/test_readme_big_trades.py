"""The README's table of default big-trade minimums is core.big_trade_thresholds'."""

import re
from pathlib import Path

from flowdeck.core.big_trade_thresholds import DEFAULT_MIN_VALUES
from flowdeck.core.codes import Market
from flowdeck.core.markets import MARKETS

README = Path(__file__).resolve().parents[2] / "README.md"


def test_readme_big_trade_minimums_match_code():
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"\| ((?:HK|US|SH|SZ)(?:, (?:HK|US|SH|SZ))*) \| ([\d,]+) (\w+) \|",
                         line.strip())
        if m:
            for market in m.group(1).split(", "):
                rows[Market(market)] = (float(m.group(2).replace(",", "")), m.group(3))
    assert rows == {m: (DEFAULT_MIN_VALUES[m], MARKETS[m].currency) for m in Market}
