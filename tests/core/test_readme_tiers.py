"""The README's tier table and core/tiers.py are one table: keep them equal."""

import re
from pathlib import Path

from flowdeck.core.codes import Market
from flowdeck.core.markets import MARKETS
from flowdeck.core.tiers import FIXED_THRESHOLDS

README = Path(__file__).resolve().parents[2] / "README.md"


def readme_thresholds() -> dict[Market, tuple[str, tuple[float, float, float]]]:
    rows = {}
    for line in README.read_text(encoding="utf-8").splitlines():
        m = re.fullmatch(r"\| (HK|US|SH|SZ) \| (\w+) \| >= ([\d,]+) \| >= ([\d,]+) \| "
                         r">= ([\d,]+) \| below \|", line.strip())
        if m:
            nums = tuple(float(x.replace(",", "")) for x in m.group(3, 4, 5))
            rows[Market(m.group(1))] = (m.group(2), nums)
    return rows


def test_readme_table_matches_code():
    rows = readme_thresholds()
    assert set(rows) == set(Market)
    for market, (currency, nums) in rows.items():
        assert currency == MARKETS[market].currency
        assert nums == tuple(FIXED_THRESHOLDS[market])
