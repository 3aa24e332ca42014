"""Sectors' flows, rankings, members and curves, checked against a plain reading: a dict
per sector filled row by row, sums of Python lists, sorted()."""

import math

import numpy as np
import pytest

from flowdeck.core.ranking import Ranker, RankRequest
from flowdeck.core.records import NUMERIC_KEYS, SERIES_NAMES
from flowdeck.core.sectors import SectorIndex, sector_curve, sector_curves, sector_flows
from flowdeck.core.stock_info import StockInfo
from tests.support.market_tables import table_with

NAMES = ["bank", "chips", "oil", "retail", "media", "autos", "pharma"]
MAIN = NUMERIC_KEYS.index("main_net_inflow")


def universe(codes, rng):
    """Sectors drawn per code; some codes have none, some are not in the universe."""
    stocks = {}
    for code in codes:
        draw = rng.random()
        if draw < 0.05:
            continue
        sector = "" if draw < 0.1 else str(rng.choice(NAMES))
        stocks[code] = StockInfo(code, code, code, sector)
    return stocks


def plain_sectors(table, stocks, market, turnover):
    markets = ("SH", "SZ") if market == "A" else (market,)
    acc = {}
    for r, code in enumerate(table.codes):
        info = stocks.get(code)
        if code[:2] not in markets or info is None or not info.sector:
            continue
        s = acc.setdefault(info.sector, {"members": 0, "known": 0, "nets": [[] for _ in
                                         SERIES_NAMES], "turnover": [], "blind": False})
        s["members"] += 1
        for j, series in enumerate(SERIES_NAMES):
            v = float(table.values[r, NUMERIC_KEYS.index(f"{series}_net_inflow")])
            if not math.isnan(v):
                s["nets"][j].append(v)
        if not math.isnan(table.values[r, MAIN]):
            s["known"] += 1
            if math.isnan(turnover[r]):
                s["blind"] = True
            else:
                s["turnover"].append(float(turnover[r]))
    out = {}
    for sid, s in acc.items():
        total = math.nan if s["blind"] else sum(s["turnover"])
        nets = [sum(v) if v else math.nan for v in s["nets"]]
        ratios = [math.nan if math.isnan(n) or math.isnan(total) else
                  0.0 if total == 0 else max(-1.0, min(1.0, n / total)) for n in nets]
        out[sid] = (nets, ratios, total, s["members"], s["known"])
    return out


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-9, abs=1e-6)


@pytest.fixture(params=range(4))
def market_day(request):
    rng = np.random.default_rng(request.param)
    table = table_with({"HK": 150, "SH": 120, "SZ": 100, "US": 80}, rng, nan_share=0.15,
                       levels=6 if request.param % 2 else 0)
    stocks = universe(table.codes, rng)
    turnover = rng.uniform(1e6, 1e9, table.n)
    turnover[rng.random(table.n) < 0.02] = np.nan
    turnover[:3] = 0.0
    return table, stocks, turnover, SectorIndex.build(table.codes, stocks)


@pytest.mark.parametrize("market", ["HK", "US", "SH", "SZ", "A"])
def test_sums_ratios_and_counts_as_read_row_by_row(market_day, market):
    table, stocks, turnover, index = market_day
    flows = sector_flows(table, index, market, turnover)
    plain = plain_sectors(table, stocks, market, turnover)
    assert flows.ids == sorted(plain)
    for k, sid in enumerate(flows.ids):
        nets, ratios, total, members, known = plain[sid]
        assert [flows.members[k], flows.known[k]] == [members, known]
        assert same(flows.turnover[k], total)
        for j in range(len(SERIES_NAMES)):
            assert same(flows.net[k, j], nets[j]) and same(flows.ratio[k, j], ratios[j])


@pytest.mark.parametrize("field", ["main_net_inflow", "small_net_inflow_ratio"])
@pytest.mark.parametrize("order", ["desc", "asc"])
def test_sectors_rank_as_codes_do(market_day, field, order):
    table, stocks, turnover, index = market_day
    flows = sector_flows(table, index, "A", turnover)
    plain = plain_sectors(table, stocks, "A", turnover)
    meta_ratio = field.endswith("ratio")
    j = SERIES_NAMES.index(field.split("_net_")[0])
    values = [((plain[s][1] if meta_ratio else plain[s][0])[j], s) for s in plain]
    sign = -1 if order == "desc" else 1
    expected = [s for v, s in sorted((sign * v, s) for v, s in values if not math.isnan(v))]
    for top in (1, 3, 20):
        assert [flows.ids[p] for p in flows.rank(field, order, top)] == expected[:top]


def test_a_sectors_members_are_ranked_by_the_code_ranking(market_day):
    table, stocks, turnover, index = market_day
    flows = sector_flows(table, index, "HK", turnover)
    for k, sid in enumerate(flows.ids):
        got = Ranker().rank(table, RankRequest("HK", top=500), within=flows.members_of(k))
        members = sorted((-table.values[table.row_of(c), MAIN], c) for c in table.codes
                         if c.startswith("HK") and c in stocks and stocks[c].sector == sid
                         and not math.isnan(table.values[table.row_of(c), MAIN]))
        assert got.codes == [c for _, c in members]


def test_a_market_without_codes_has_no_sectors(market_day):
    table, _, turnover, _ = market_day
    hk_only = table_with({"HK": 10}, np.random.default_rng(1))
    index = SectorIndex.build(hk_only.codes, {})
    flows = sector_flows(hk_only, index, "US", turnover[:10])
    assert flows.ids == [] and flows.rank("main_net_inflow").tolist() == []
    assert sector_curves(np.zeros((10, 5)), flows).shape == (0, 5)
    with pytest.raises(ValueError):
        sector_flows(table, index, "HK", turnover)   # built for another code list


@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_curves_sum_the_members_that_traded(market_day, dtype):
    table, stocks, turnover, index = market_day
    rng = np.random.default_rng(11)
    minutes = 40
    series = rng.normal(0, 1e6, (table.n, minutes)).astype(dtype)
    first = rng.integers(0, minutes + 1, table.n)      # minutes + 1: never traded
    series[np.arange(minutes)[None, :] < first[:, None]] = np.nan
    flows = sector_flows(table, index, "A", turnover)
    curves = sector_curves(series, flows)
    for k, sid in enumerate(flows.ids):
        rows = [r for r, c in enumerate(table.codes)
                if c[:2] in ("SH", "SZ") and c in stocks and stocks[c].sector == sid]
        for m in range(minutes):
            traded = [float(series[r, m]) for r in rows if not math.isnan(series[r, m])]
            expected = sum(traded) if traded else math.nan
            assert same(curves[k, m], expected)
        assert np.allclose(sector_curve(series, flows.members_of(k)), curves[k],
                           rtol=1e-12, equal_nan=True)
