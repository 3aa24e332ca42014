"""Rankings over 3 to 20 trading days: each series' window is the live value plus the
archived days (core.multiday's rules), checked against a naive per-code reading over a
long random archive with gaps and unknown turnovers; partial windows are marked."""

import datetime as dt
import math

import numpy as np
import pytest

from flowdeck.core.codes import Market
from flowdeck.core.day_matrix import DayMatrix
from flowdeck.core.ranking import Ranker, RankRequest
from flowdeck.core.ranking_periods import SERIES_TIERS, SeriesPeriods
from flowdeck.core.records import NUMERIC_KEYS, SERIES_NAMES
from flowdeck.core.trading_calendar import WEEKDAYS, trading_days
from tests.support.day_matrices import naive_windows
from tests.support.market_tables import table_with

TODAY = dt.date(2026, 3, 20)                                   # a Friday
PAST = trading_days(WEEKDAYS, dt.date(2025, 9, 1), TODAY)[:-1]  # ~140 weekdays
LIVE = {Market.HK: TODAY, Market.SH: TODAY}


def archive(codes, rng):
    """Random tier nets and turnovers; 15 % of code-days not archived, 3 % of the
    archived ones with an unknown turnover."""
    net = rng.normal(0, 1e6, (len(codes), len(PAST), 4))
    turnover = rng.uniform(1e6, 1e8, (len(codes), len(PAST)))
    gap = rng.random((len(codes), len(PAST))) < 0.15
    net[gap] = np.nan
    turnover[gap | (rng.random(gap.shape) < 0.03)] = np.nan
    return DayMatrix(list(codes), list(PAST), net, turnover)


def naive(matrix, table, turnover, code, series, n):
    i, r = matrix.codes.index(code), table.row_of(code)
    tiers = list(SERIES_TIERS[series])
    history = [(float(matrix.net[i, j, tiers].sum()), float(matrix.turnover[i, j]))
               for j in range(len(PAST) - 1, -1, -1)]
    live = float(table.values[r, NUMERIC_KEYS.index(f"{series}_net_inflow")])
    return naive_windows(history, live, turnover[code], n)


@pytest.fixture(params=["built_on_first_use", "built_all_first"])
def market(request):
    """The periods' series parts built as a ranking first asks (the gateway), or all
    at once before any turnover is noted (build_all, the window's worker thread)."""
    rng = np.random.default_rng(20)
    table = table_with({"HK": 60, "SH": 40}, rng, nan_share=0.1, day=TODAY.isoformat())
    matrix = archive(table.codes[:-5], rng)   # five codes never archived
    turnover = {c: float(rng.uniform(1e6, 1e8)) for c in table.codes}
    turnover[table.codes[3]] = math.nan       # a live turnover not known yet
    periods = SeriesPeriods(matrix, {}, LIVE, codes=table.codes)
    if request.param == "built_all_first":
        periods.build_all()
    periods.note_turnover(list(turnover), list(turnover.values()))
    return table, matrix, turnover, periods


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == pytest.approx(b, rel=1e-9, abs=1e-6)


def test_every_series_window_as_summed_day_by_day(market):
    table, matrix, turnover, periods = market
    ranker = Ranker()
    for series in SERIES_NAMES:
        for period, n in (("3d", 3), ("5d", 5), ("10d", 10), ("20d", 20)):
            request = RankRequest("A" if series == "retail" else "HK", period,
                                  f"{series}_net_inflow", top=500)
            got = ranker.rank(table, request, periods)
            for k, code in enumerate(got.codes):
                if code not in matrix.codes:
                    continue
                net, ratio, days = naive(matrix, table, turnover, code, series, n)
                assert same(got.net[k], net) and same(got.ratio[k], ratio), (code, series)
                assert got.days[k] == days


def test_the_ranking_over_a_period_is_the_sorted_windows(market):
    table, matrix, turnover, periods = market
    for field, order in (("main_net_inflow", "desc"), ("small_net_inflow_ratio", "asc")):
        series, is_ratio = field.split("_net_")[0], field.endswith("ratio")
        expected = []
        for code in table.codes:
            if code.startswith("HK") and code in matrix.codes:
                net, ratio, _ = naive(matrix, table, turnover, code, series, 10)
                value = ratio if is_ratio else net
                if not math.isnan(value):
                    expected.append(((-value if order == "desc" else value), code))
        got = Ranker().rank(table, RankRequest("HK", "10d", field, order, 40), periods)
        archived = [c for c in got.codes if c in matrix.codes]
        assert archived == [c for _, c in sorted(expected)][:len(archived)]


def test_a_window_with_fewer_days_than_the_period_is_marked(market):
    table, matrix, _, periods = market
    got = Ranker().rank(table, RankRequest("HK", "20d", top=500), periods)
    never = [k for k, c in enumerate(got.codes) if c not in matrix.codes]
    assert never, "codes never archived rank on their live day alone"
    assert all(got.days[k] == 1 and got.partial[k] for k in never)
    assert (got.partial == (got.days < 20)).all()
