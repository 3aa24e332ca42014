"""The day matrix from the archive: completed days only, gaps and unknown turnovers
NaN, exactly the saved numbers, in the asked codes' order."""

from __future__ import annotations

import datetime as dt

import numpy as np

from flowdeck.core.day_flow import DayFlow
from flowdeck.storage.archive import Archive
from tests.support.day_flows import day_flows, trading_days


def test_the_matrix_holds_completed_days_exactly(tmp_path) -> None:
    days = trading_days(25)             # across a month's end
    codes = ["HK.00700", "US.AAPL"]
    with Archive.open(tmp_path / "a.sqlite", "replay:/data/day.csv") as archive:
        flows = [f for d in days[:-1] for f in day_flows(codes, d, 5, minutes=False)]
        flows = [f for f in flows if not (f.code == "US.AAPL" and f.day == days[3])]  # a gap
        futu = DayFlow("US.AAPL", days[4], (1.0, 2.0, 3.0, 4.0), complete=True)
        today = day_flows(codes, days[-1], 5, complete=False, minutes=False)
        archive.save([*flows, futu, *today])
        m = archive.matrix(["US.AAPL", "SH.600000", "HK.00700"])
    assert m.codes == ["US.AAPL", "SH.600000", "HK.00700"]
    assert m.days == days[:-1]          # today is not complete: not a column
    by = {(f.code, f.day): f for f in [*flows, futu]}
    for i, code in enumerate(m.codes):
        for j, day in enumerate(m.days):
            f = by.get((code, day))
            if f is None:
                assert np.isnan(m.net[i, j]).all() and np.isnan(m.turnover[i, j])
                continue
            assert m.net[i, j].tolist() == list(f.net)
            assert (np.isnan(m.turnover[i, j]) if f.turnover is None
                    else m.turnover[i, j] == f.turnover)
    assert np.isnan(m.net[1]).all()     # a code never archived
    assert np.isnan(m.turnover[0, 4])   # nets only: turnover unknown


def test_last_n_days_are_the_identitys_last_trading_days(tmp_path) -> None:
    days = trading_days(30)
    with Archive.open(tmp_path / "a.sqlite", "sim:seed=1") as archive:
        for d in days:
            archive.save(day_flows(["HK.00700"], d, 1, minutes=False))
        archive.save(day_flows(["HK.00005"], days[0], 1, minutes=False))
        m = archive.matrix(["HK.00005", "HK.00700"], last_n_days=20)
        assert m.days == days[-20:]
        assert np.isnan(m.net[0]).all() and np.isfinite(m.net[1]).all()
        assert archive.trading_days(3) == days[-3:]
        assert archive.matrix([]).net.shape == (0, 30, 4)


def test_an_empty_archive_gives_an_empty_matrix(tmp_path) -> None:
    with Archive.open(tmp_path / "a.sqlite", "sim:seed=1") as archive:
        m = archive.matrix(["HK.00700"])
    assert m.codes == ["HK.00700"] and m.days == [] and m.net.shape == (1, 0, 4)


def test_a_month_with_more_days_than_a_pack_holds(tmp_path) -> None:
    month = [dt.date(2026, 3, d) for d in range(1, 32)]   # every day, weekends too
    with Archive.open(tmp_path / "a.sqlite", "replay:/x.csv") as archive:
        archive.save([f for d in month for f in day_flows(["HK.00700"], d, 2, minutes=False)])
        m = archive.matrix(["HK.00700"])
    assert m.days == month and np.isfinite(m.net).all()
