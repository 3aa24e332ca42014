"""Older archive files brought up to date: a version-1 file (daily rows and minute series
only) and a version-2 file (rows and the day matrix's packs) read back every number
as saved once migrated; from version 3 a complete day is in its month's pack only."""

from __future__ import annotations

import datetime as dt
import sqlite3

from flowdeck.core.day_flow import DayFlow
from flowdeck.storage.archive import Archive
from flowdeck.storage.archive.day_rows import ROW_COLUMNS, day_key, row_of
from flowdeck.storage.archive.schema import CURRENT_VERSION, migrate
from tests.support.day_flows import day_flows, trading_days

DAY = dt.date(2026, 12, 4)


def fields(flow: DayFlow) -> tuple:
    return (flow.code, flow.day, flow.net, flow.turnover, flow.inflow, flow.outflow,
            flow.close, flow.complete, flow.update_time)


def old_file(path, version: int, by_identity: dict[str, list[DayFlow]]) -> None:
    """A file at `version` (1 or 2) holding these days, written as that version did:
    the rows at version 1, then the step to 2 (which built its packs from them)."""
    db = sqlite3.connect(path, isolation_level=None)
    assert migrate(db, upto=1) == 1
    codes = sorted({f.code for flows in by_identity.values() for f in flows})
    db.executemany("INSERT INTO codes VALUES (?, ?)", list(enumerate(codes, 1)))
    for source, (identity, flows) in enumerate(by_identity.items(), 1):
        db.execute("INSERT INTO sources VALUES (?, ?)", (source, identity))
        db.executemany(f"INSERT INTO days (source, code, {', '.join(ROW_COLUMNS)}) VALUES "
                       f"(?, ?, {', '.join('?' * len(ROW_COLUMNS))})",
                       [(source, codes.index(f.code) + 1, *row_of(f)) for f in flows])
        closed: dict[int, int] = {}
        for f in flows:
            closed[day_key(f.day)] = closed.get(day_key(f.day), 0) | f.complete
        db.executemany("INSERT INTO source_days VALUES (?, ?, ?)",
                       [(source, d, c) for d, c in closed.items()])
    assert migrate(db, upto=version) == version
    db.close()


def version_of(archive: Archive) -> int:
    return archive.db.execute("SELECT version FROM schema_version").fetchone()[0]


def test_a_version_1_file_migrates_with_its_days(tmp_path) -> None:
    path = tmp_path / "archive.sqlite"
    days = trading_days(3)
    flows = [f for d in days for f in day_flows(["HK.00700"], d, 1, minutes=False)]
    old_file(path, 1, {"sim:seed=7": flows})
    with Archive.open(path, "sim:seed=7") as archive:
        assert archive.notice is None and version_of(archive) == CURRENT_VERSION
        m = archive.matrix(["HK.00700"])
        assert m.days == days
        assert m.net[0].tolist() == [list(f.net) for f in flows]
        assert [fields(f) for f in archive.days("HK.00700")] == [fields(f) for f in flows]


def odd_days() -> list[DayFlow]:
    """Complete days a pack record cannot hold alone, and a day not complete."""
    return [
        # Nets that are not inflow - outflow (a source that sums them apart).
        DayFlow("HK.00005", DAY, (0.5, -0.0, 0.1 + 0.2, 3.0), turnover=10.0,
                inflow=(1.0, 2.0, 0.1, 4.0), outflow=(0.5, 2.0, 0.2, 1.0), close=61.35,
                complete=True, update_time="2026-12-04 16:08:09"),
        # Some tiers known, some not; a time of another day.
        DayFlow("HK.00005", DAY - dt.timedelta(days=1), (1.0, 2.0, -3.0, 4.0),
                turnover=None, inflow=(2.0, None, None, 5.0), outflow=(1.0, None, 1.0, 1.0),
                close=None, complete=True, update_time="2026-12-04 09:30:00"),
        DayFlow("HK.00005", DAY + dt.timedelta(days=3), (1.0, 2.0, 3.0, 4.0),
                turnover=20.0, inflow=(1.0, 2.0, 3.0, 4.0), outflow=(0.0, 0.0, 0.0, 0.0),
                close=62.0, complete=False, update_time="2026-12-07 10:00:00"),
    ]


def test_a_version_2_file_migrates_with_every_number(tmp_path) -> None:
    path = tmp_path / "archive.sqlite"
    days = trading_days(25)                      # across a month's end
    sim = [f for d in days for f in day_flows(["HK.00700", "US.AAPL"], d, 3,
                                                  minutes=False, complete=d != days[-1])]
    futu = [DayFlow("HK.00700", d, (1.5, -2.25, 0.1 + 0.2, -0.0), complete=True,
                    update_time=t) for d, t in zip(days[:4], ["", "16:00:00", "=odd",
                                                             f"{days[3]} 16:00:00"],
                                                   strict=True)]
    old_file(path, 2, {"sim:seed=3": sim, "futu:user=1": futu + odd_days()})
    with Archive.open(path, "sim:seed=3") as archive:
        assert version_of(archive) == CURRENT_VERSION
        for code in ("HK.00700", "US.AAPL"):
            assert [fields(f) for f in archive.days(code)] == [
                fields(f) for f in sim if f.code == code]
        m = archive.matrix(["US.AAPL", "HK.00700"])
        assert m.days == days[:-1]
        complete = {(f.code, f.day): f for f in sim if f.complete}
        assert m.net.tolist() == [[list(complete[c, d].net) for d in m.days] for c in m.codes]
        assert m.turnover.tolist() == [[complete[c, d].turnover for d in m.days]
                                       for c in m.codes]
        assert archive.market_days("US") == days[:-1]
        # Only the day not complete is still a row of `days`.
        assert archive.db.execute("SELECT count(*), max(complete) FROM days WHERE "
                                  "source = 1").fetchone() == (2, 0)
    with Archive.open(path, "futu:user=1") as archive:
        saved = sorted(futu + odd_days(), key=lambda f: (f.code, f.day))
        assert [fields(f) for c in ("HK.00005", "HK.00700") for f in archive.days(c)] == [
            fields(f) for f in saved]
        m = archive.matrix(["HK.00005"])
        assert m.net[0, m.days.index(DAY)].tolist() == list(odd_days()[0].net)


def test_a_migrated_month_takes_more_days(tmp_path) -> None:
    path = tmp_path / "archive.sqlite"
    days = trading_days(4)
    flows = [f for d in days for f in day_flows(["HK.00700"], d, 1, minutes=False)]
    old_file(path, 2, {"sim:seed=7": flows[:2]})
    with Archive.open(path, "sim:seed=7") as archive:
        assert archive.save(flows[2:]) == 2
        assert [fields(f) for f in archive.days("HK.00700")] == [fields(f) for f in flows]
        assert archive.matrix(["HK.00700"]).net[0].tolist() == [list(f.net) for f in flows]


def test_a_step_another_connection_ran_meanwhile_is_not_run_again(tmp_path) -> None:
    path = tmp_path / "archive.sqlite"
    flows = day_flows(["HK.00700"], DAY, 1, minutes=False)
    old_file(path, 2, {"sim:seed=7": flows})
    late = sqlite3.connect(path, isolation_level=None)

    def first_migrates_meanwhile(statement: str) -> None:
        if statement.startswith("BEGIN"):       # `late` read version 2, waits for the lock
            late.set_trace_callback(None)
            first = sqlite3.connect(path, isolation_level=None)
            assert migrate(first) == CURRENT_VERSION
            first.close()

    late.set_trace_callback(first_migrates_meanwhile)
    assert migrate(late) == CURRENT_VERSION
    late.close()
    with Archive.open(path, "sim:seed=7") as archive:
        assert [fields(f) for f in archive.days("HK.00700")] == [fields(f) for f in flows]
