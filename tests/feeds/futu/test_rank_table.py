"""futu/rank_table.py on its own (no OpenD): a TableMaker that builds again only the rows
whose data changed gives the same table as one made from scratch, a table handed out
is never changed by the next one, and codes come in market order then code order."""

import numpy as np
import pytest

from flowdeck.feeds.futu import sdk as futu_sdk

if not futu_sdk.installed():
    pytest.skip(f"futu-api is not installed ({futu_sdk.INSTALL_HINT})", allow_module_level=True)

from flowdeck.core.batch import MinutePoints
from flowdeck.core.codes import Market
from flowdeck.core.records import CapitalFlowDetail, CapitalFlowRecord
from flowdeck.core.stock_info import Quote
from flowdeck.feeds.base import ScopeFacts
from flowdeck.feeds.futu.batches import Kept
from flowdeck.feeds.futu.rank_table import TableMaker, ordered

SCOPE = ScopeFacts(6, watchlists=True)
CODES = ["SZ.000001", "HK.00700", "SH.600519", "HK.00005", "US.AAPL", "SH.600000"]
A_SHARES = (Market.SH, Market.SZ)


def kept(code: str, seq: int, rng: np.random.Generator) -> Kept:
    minutes = np.sort(rng.choice(200, size=int(rng.integers(1, 60)), replace=False))
    values = rng.normal(size=(len(minutes), 6))
    record = CapitalFlowRecord(code, f"2026-12-04 10:{seq % 60:02d}:00",
                               *rng.normal(size=12).tolist())
    detail = CapitalFlowDetail(code, record.update_time, float(rng.uniform(1e6, 1e7)), 0,
                               (0.0,) * 4, (0.0,) * 4)
    return Kept(seq, record, detail,
                MinutePoints([code] * len(minutes), minutes.astype(np.int32), values),
                "2026-12-04")


def same(a, b) -> None:
    assert a.codes == b.codes and a.scope == b.scope
    for name in ("values", "market", "update_time", "turnover", "last", "prev_close", "ages"):
        np.testing.assert_array_equal(getattr(a, name), getattr(b, name))
    assert len(a.blocks) == len(b.blocks)
    for (f1, e1, s1, d1), (f2, e2, s2, d2) in zip(a.blocks, b.blocks, strict=True):
        assert (f1, e1, d1) == (f2, e2, d2)
        np.testing.assert_array_equal(s1, s2)


def test_codes_come_in_market_order_then_code_order():
    assert ordered(CODES, A_SHARES) == ["SH.600000", "SH.600519", "SZ.000001"]
    assert ordered(CODES, (Market.US, Market.HK)) == ["HK.00005", "HK.00700", "US.AAPL"]


def test_rebuilding_changed_rows_only_equals_a_table_from_scratch():
    rng = np.random.default_rng(4)
    codes = ordered(CODES, tuple(Market))
    data = {c: kept(c, 1, rng) for c in codes[:4]}           # two codes never fetched
    quotes = {c: Quote(c, 10.0 + i, 9.5) for i, c in enumerate(codes[:3])}
    quote_seq = dict.fromkeys(quotes, 1)
    ages = {c: 3.0 for c in data}
    maker = TableMaker()
    first = maker.make(codes, data, quotes, quote_seq, ages, SCOPE)
    kept_copy = [np.array(x, copy=True) for x in (first.values, first.last)]
    for step in range(2, 30):
        code = codes[int(rng.integers(len(codes)))]
        data[code] = kept(code, step, rng)
        quotes[code], quote_seq[code] = Quote(code, float(step), None), step
        ages = {c: float(step) for c in data}
        table = maker.make(codes, data, quotes, quote_seq, ages, SCOPE)
        same(table, TableMaker().make(codes, data, quotes, quote_seq, ages, SCOPE))
        assert table.codes is first.codes                      # Ranker's tie-break kept
    np.testing.assert_array_equal(first.values, kept_copy[0])  # the first one unchanged
    np.testing.assert_array_equal(first.last, kept_copy[1])
    assert np.isnan(first.values[4:]).all() and np.isnan(first.ages[4:]).all()


def test_a_row_reads_its_record_prices_and_sparkline():
    rng = np.random.default_rng(9)
    data = {"HK.00700": kept("HK.00700", 3, rng)}
    table = TableMaker().make(["HK.00700"], data, {"HK.00700": Quote("HK.00700", 388.0, None)},
                              {"HK.00700": 1}, {"HK.00700": 12.5}, SCOPE)
    k = data["HK.00700"]
    assert table.values[0, 0] == k.record.main_net_inflow
    assert table.turnover[0] == k.detail.turnover and table.update_time[0] == k.record.update_time
    assert table.last[0] == 388.0 and np.isnan(table.prev_close[0]) and table.ages[0] == 12.5
    series = table.main_series(0)
    assert len(series) == k.points.minutes.max() + 1
    np.testing.assert_array_equal(series[k.points.minutes],
                                  k.points.values[:, 0].astype(np.float32))
