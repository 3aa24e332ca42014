"""Rankings over a whole market today, checked against a plain reading: sorted() over
Python lists of (value, code), NaN left out, on random tables with ties and unknowns."""

import math

import numpy as np
import pytest

from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.core.ranking import MAX_TOP, Ranker, RankRequest, parse_rank_request, rank
from flowdeck.core.records import NUMERIC_KEYS
from tests.support.market_tables import batch_of, random_values, table_with

A_SHARES = {"A": ("SH", "SZ")}


def plain_ranking(table, request):
    """The codes a trader expects, by reading every row."""
    markets = A_SHARES.get(request.market, (request.market,))
    col = NUMERIC_KEYS.index(request.field)
    rows = [(float(table.values[r, col]), code) for r, code in enumerate(table.codes)
            if code.split(".")[0] in markets and not math.isnan(table.values[r, col])]
    sign = -1 if request.order == "desc" else 1
    return [code for value, code in sorted(rows, key=lambda vc: (sign * vc[0], vc[1]))
            ][:request.top]


@pytest.mark.parametrize("seed", range(6))
def test_every_market_field_order_and_size_as_read_row_by_row(seed):
    rng = np.random.default_rng(seed)
    table = table_with({"HK": 300, "US": 250, "SH": 200, "SZ": 150}, rng,
                       nan_share=0.2, levels=12 if seed % 2 else 0)
    ranker = Ranker()
    for market in ("HK", "US", "SH", "SZ", "A"):
        for field in rng.choice(NUMERIC_KEYS, 4, replace=False).tolist():
            for order in ("desc", "asc"):
                for top in (1, 7, 50, 149, 500):
                    request = RankRequest(market, "today", field, order, top)
                    got = ranker.rank(table, request)
                    assert got.codes == plain_ranking(table, request), request
                    col = NUMERIC_KEYS.index(field)
                    assert got.value.tolist() == table.values[got.rows, col].tolist()


def test_ties_are_ordered_by_code_whatever_the_rows_order():
    rng = np.random.default_rng(3)
    table = table_with({"HK": 400}, rng, nan_share=0.0, levels=2)  # values -1, 0, 1
    got = rank(table, RankRequest("HK", field="main_net_inflow", top=120))
    best = [c for c in sorted(table.codes)
            if table.values[table.row_of(c), 0] == 1.0]
    assert got.codes[:len(best)] == best[:120]
    assert got.codes == sorted(got.codes, key=lambda c: (
        -table.values[table.row_of(c), 0], c))


def test_unknown_values_never_rank_and_the_counts_say_so():
    rng = np.random.default_rng(4)
    table = table_with({"US": 60, "HK": 10}, rng, nan_share=0.0)
    table.values[:30, 0] = np.nan
    us_unknown = sum(1 for r, c in enumerate(table.codes[:30]) if c.startswith("US."))
    got = rank(table, RankRequest("US", top=500))
    assert len(got.codes) == 60 - us_unknown
    assert got.candidates == 60 and got.known == 60 - us_unknown
    assert np.isfinite(got.value).all() and got.days.tolist() == [1] * len(got.codes)
    assert not got.partial.any()


def test_a_market_with_no_codes_ranks_nothing():
    table = table_with({"HK": 20}, np.random.default_rng(5))
    for market in ("US", "SH", "A"):
        got = rank(table, RankRequest(market, top=10))
        assert got.codes == [] and got.candidates == 0 and len(got.value) == 0


def test_a_shares_are_shanghai_and_shenzhen_together():
    rng = np.random.default_rng(6)
    table = table_with({"SH": 30, "SZ": 30, "HK": 30}, rng, nan_share=0.0)
    got = rank(table, RankRequest("A", top=500))
    assert sorted(got.codes) == sorted(c for c in table.codes if c[:2] in ("SH", "SZ"))


def test_the_series_beside_the_field_is_its_net_and_its_ratio():
    table = table_with({"HK": 50}, np.random.default_rng(7), nan_share=0.0)
    got = rank(table, RankRequest("HK", field="large_net_inflow_ratio", top=5))
    col = NUMERIC_KEYS.index("large_net_inflow")
    assert got.net.tolist() == table.values[got.rows, col].tolist()
    assert got.ratio.tolist() == got.value.tolist()


def test_within_ranks_only_those_rows():
    table = table_with({"HK": 80, "US": 80}, np.random.default_rng(8), nan_share=0.0)
    within = np.arange(0, 160, 3)
    got = rank(table, RankRequest("HK", top=500), within=within)
    allowed = {table.codes[r] for r in within.tolist() if table.codes[r].startswith("HK")}
    assert set(got.codes) == allowed


def test_a_ranker_follows_a_batch_and_new_codes():
    rng = np.random.default_rng(9)
    table = table_with({"HK": 100}, rng)
    ranker = Ranker()
    request = RankRequest("HK", top=30)
    ranker.rank(table, request)
    table.apply(batch_of(table.codes, random_values(rng, table.n)), wall=1.0)
    assert ranker.rank(table, request).codes == plain_ranking(table, request)
    table.set_codes([*reversed(table.codes), "HK.99999"])
    table.apply(batch_of(table.codes, random_values(rng, table.n, levels=4)), wall=2.0)
    assert ranker.rank(table, request).codes == plain_ranking(table, request)


def test_a_period_beyond_today_without_an_archive_is_a_source_error():
    table = table_with({"HK": 5}, np.random.default_rng(1))
    with pytest.raises(FlowDeckError) as info:
        rank(table, RankRequest("HK", period="5d"))
    assert info.value.code == ErrorCode.GET_CAPITAL_FLOW_FAILED


def test_a_request_as_a_query_gives_it():
    got = parse_rank_request({"market": "hk", "period": "5D", "field": "super_net_inflow",
                              "order": "ASC", "top": " 50 "})
    assert got == RankRequest("HK", "5d", "super_net_inflow", "asc", 50)
    assert parse_rank_request({"market": "A"}) == RankRequest("A")
    assert parse_rank_request({"market": "SZ", "top": MAX_TOP}).top == MAX_TOP


@pytest.mark.parametrize(("params", "name"), [
    ({"market": "JP"}, "market"),
    ({}, "market"),
    ({"market": 7}, "market"),
    ({"market": "HK", "period": "7d"}, "period"),
    ({"market": "HK", "period": "today "}, None),
    ({"market": "HK", "field": "code"}, "field"),
    ({"market": "HK", "field": "main_net_inflow_5d"}, "field"),
    ({"market": "HK", "order": "up"}, "order"),
    ({"market": "HK", "top": "0"}, "top"),
    ({"market": "HK", "top": 501}, "top"),
    ({"market": "HK", "top": "-3"}, "top"),
    ({"market": "HK", "top": "2.5"}, "top"),
    ({"market": "HK", "top": "５"}, "top"),
    ({"market": "HK", "top": True}, "top"),
    ({"market": "HK", "sort": "x"}, "sort"),
])
def test_a_bad_parameter_is_1001_naming_it(params, name):
    if name is None:  # surrounding blanks are forgiven
        assert parse_rank_request(params).period == "today"
        return
    with pytest.raises(FlowDeckError) as info:
        parse_rank_request(params)
    assert info.value.code == ErrorCode.INVALID_PARAM == 1001
    assert info.value.params["name"] == name and name in info.value.message
