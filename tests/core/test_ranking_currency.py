"""The ALL market choice: HK, US, SH and SZ ranked together, amounts in the base currency
at the user's rates, checked against a plain reading (each row's amount times its
currency's rate, sorted() over Python tuples); codes whose currency has no rate are left
out of amounts and named."""

import math

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowdeck.core.codes import Market
from flowdeck.core.currency import Rate, Rates
from flowdeck.core.ranking import MARKET_CHOICES, Ranker, RankRequest, parse_rank_request
from flowdeck.core.ranking_currency import ALL, conversion, rates_used
from flowdeck.core.records import FIELD_BY_KEY, NUMERIC_KEYS
from flowdeck.core.sectors import SectorIndex, sector_flows
from flowdeck.core.stock_info import StockInfo
from tests.support.market_tables import table_with

CURRENCY = {"HK": "HKD", "US": "USD", "SH": "CNY", "SZ": "CNY"}
DAY = "2026-12-01"


def rates_of(base: str, **rates: float) -> Rates:
    return Rates(base, tuple(Rate(c, r, DAY) for c, r in rates.items()))


def plain_all_ranking(table, request, rates: dict[str, float]):
    """(code, value) a trader expects: every row's field in the base currency (a ratio
    as it is), rows without a rate left out of amounts."""
    col = NUMERIC_KEYS.index(request.field)
    ratio = FIELD_BY_KEY[request.field].kind == "ratio"
    rows = []
    for r, code in enumerate(table.codes):
        rate = rates.get(CURRENCY[code[:2]])
        value = float(table.values[r, col])
        if not ratio:
            value = value * rate if rate is not None else math.nan
        if not math.isnan(value):
            rows.append((value, code))
    sign = -1 if request.order == "desc" else 1
    return sorted(rows, key=lambda vc: (sign * vc[0], vc[1]))[:request.top]


@given(seed=st.integers(0, 2**16), base=st.sampled_from(["HKD", "USD", "CNY"]),
       usd=st.one_of(st.none(), st.floats(0.05, 20)),
       cny=st.one_of(st.none(), st.floats(0.05, 20)),
       field=st.sampled_from(NUMERIC_KEYS), order=st.sampled_from(["desc", "asc"]),
       top=st.integers(1, 120), levels=st.sampled_from([0, 6]))
def test_all_markets_rank_as_converted_row_by_row(seed, base, usd, cny, field, order,
                                                   top, levels):
    rng = np.random.default_rng(seed)
    table = table_with({"HK": 40, "US": 35, "SH": 30, "SZ": 25}, rng, nan_share=0.15,
                       levels=levels)
    given_rates = {c: r for c, r in (("HKD", 1.0), ("USD", usd), ("CNY", cny))
                   if r is not None and c != base}
    rates = rates_of(base, **given_rates)
    factor = {**given_rates, base: 1.0}
    request = RankRequest(ALL, "today", field, order, top)
    got = Ranker().rank(table, request, rates=rates)
    expected = plain_all_ranking(table, request, factor)
    assert got.codes == [c for _, c in expected]
    assert got.value.tolist() == [v for v, _ in expected]
    assert got.base == base and got.candidates == 130
    lacking = [c for c in ("HKD", "USD", "CNY") if c not in factor]
    counts = {"HKD": 40, "USD": 35, "CNY": 55}
    assert got.missing == {c: counts[c] for c in lacking}
    col = NUMERIC_KEYS.index(f"{FIELD_BY_KEY[field].series}_net_inflow")
    np.testing.assert_array_equal(got.native, table.values[got.rows, col])


def test_without_rates_only_the_base_currency_ranks_amounts_and_ratios_rank_all():
    rng = np.random.default_rng(1)
    table = table_with({"HK": 20, "US": 20, "SH": 20}, rng, nan_share=0.0)
    got = Ranker().rank(table, RankRequest(ALL, top=500))
    assert {c[:2] for c in got.codes} == {"HK"} and len(got.codes) == 20
    assert got.missing == {"USD": 20, "CNY": 20} and got.base == "HKD"
    ratios = Ranker().rank(table, RankRequest(ALL, field="main_net_inflow_ratio",
                                              top=500))
    assert len(ratios.codes) == 60
    us = [i for i, c in enumerate(ratios.codes) if c.startswith("US.")]
    assert np.isnan(ratios.net[us]).all()  # its amount companion: no rate, unknown
    assert np.isfinite(ratios.native[us]).all()


def test_one_currency_choices_rank_their_own_amounts_unconverted():
    rng = np.random.default_rng(2)
    table = table_with({"HK": 20, "SH": 20, "SZ": 20}, rng, nan_share=0.0)
    rates = rates_of("HKD", CNY=1.08)
    for market in ("HK", "SH", "A"):
        got = Ranker().rank(table, RankRequest(market, top=500), rates=rates)
        assert got.base is None and got.native is None and got.missing == {}
        assert got.value.tolist() == table.values[got.rows, 0].tolist()


def test_all_is_a_market_choice_of_every_market():
    assert parse_rank_request({"market": "all"}).market == ALL
    assert [m.value for m in MARKET_CHOICES[ALL]] == ["HK", "US", "SH", "SZ"]


def test_conversion_counts_rows_missing_a_rate_in_market_order():
    market = np.array([2, 0, 1, 3, 1, 2])  # SH HK US SZ US SH
    got = conversion(market, rates_of("HKD"))
    assert got.missing == {"USD": 2, "CNY": 3}
    assert got.factors[1] == 1.0 and np.isnan(got.factors[[0, 2, 3, 4, 5]]).all()


@pytest.mark.parametrize("markets, expected", [(("HK", "US"), ["USD"]),
                                               (("SH",), ["CNY"]),
                                               (("HK", "US", "SH"), ["USD", "CNY"])])
def test_rates_used_are_those_of_the_markets_currencies(markets, expected):
    rates = rates_of("HKD", USD=7.8, CNY=1.08)
    used = rates_used(rates, [Market(m) for m in markets])
    assert [u["currency"] for u in used] == expected
    assert all(u["date"] == DAY for u in used)


def test_all_sectors_are_each_markets_sectors_with_amounts_converted():
    rng = np.random.default_rng(7)
    table = table_with({"HK": 30, "US": 30, "SH": 30, "SZ": 30}, rng, nan_share=0.0)
    # The same id in every market: HK's and US's stay apart, SH's and SZ's are one.
    stocks = {c: StockInfo(c, c, c, "bank" if i % 2 else "oil")
              for i, c in enumerate(table.codes)}
    turnover = np.abs(table.values[:, 0]) * 3 + 1.0
    index = SectorIndex.build(table.codes, stocks)
    flows = sector_flows(table, index, ALL, turnover, rates_of("HKD", CNY=1.1))
    assert flows.base == "HKD" and flows.missing == {"USD": 30}
    assert len(flows.ids) == 6 and sorted(set(flows.ids)) == ["bank", "oil"]
    rate = {"HK": 1.0, "US": math.nan, "SH": 1.1, "SZ": 1.1}
    for s in range(len(flows.ids)):
        rows = flows.members_of(s)
        market = {table.codes[r][:2] for r in rows}
        assert market in ({"HK"}, {"US"}, {"SH", "SZ"})
        assert all(stocks[table.codes[r]].sector == flows.ids[s] for r in rows)
        nets = [table.values[r, 0] * rate[table.codes[r][:2]] for r in rows]
        native_ratio = sum(table.values[r, 0] for r in rows) / sum(turnover[r]
                                                                    for r in rows)
        assert flows.members[s] == len(rows) == flows.known[s]
        if market == {"US"}:  # no USD rate: no amount, its ratio still known
            assert math.isnan(flows.net[s, 0]) and math.isnan(flows.turnover[s])
        else:
            assert flows.net[s, 0] == pytest.approx(sum(nets), rel=1e-12)
        assert flows.ratio[s, 0] == pytest.approx(max(-1, min(1, native_ratio)))
    ranked = flows.rank("main_net_inflow", "desc", 10)
    assert len(ranked) == 4  # the two US sectors have no amount
