"""The writer thread: the caller never waits; a full disk, a file it may not write, a
lock held too long or a folder it cannot make are reported, the days kept in memory and
saved once the fault is gone; close saves what is pending."""

from __future__ import annotations

import datetime as dt
import errno

import pytest

from flowdeck.storage.archive import Archive, ArchiveWriter
from tests.support.day_flows import codes_for, day_flows, trading_days
from tests.support.failing_archive_ops import FaultyArchiveOps, HeldConnectOps
from tests.support.waiting import run, wait_until

ID = "futu:user=42"
DAY = dt.date(2026, 12, 4)


class Reports:
    def __init__(self) -> None:
        self.errors: list = []
        self.recovered = 0

    def error(self, e) -> None:
        self.errors.append(e)

    def ok(self) -> None:
        self.recovered += 1


def stored(path, code="HK.00001") -> list:
    with Archive.open(path, ID) as archive:
        return archive.days(code)


@pytest.fixture
def reports():
    return Reports()


def writer_for(path, reports, **kw) -> ArchiveWriter:
    return ArchiveWriter(path, ID, on_error=reports.error, on_recovered=reports.ok, **kw)


def test_submit_returns_while_the_worker_is_busy(tmp_path, reports) -> None:
    ops = HeldConnectOps()
    writer = writer_for(tmp_path / "a.sqlite", reports, ops=ops)
    writer.submit(day_flows(["HK.00001"], DAY, 1))
    assert ops.entered.wait(10)           # the worker is inside connect ...
    writer.submit(day_flows(["HK.00002"], DAY, 1))   # ... and submit still returns
    ops.release.set()
    assert writer.flush(10) and writer.pending == 0
    assert writer.close(10)
    assert len(stored(tmp_path / "a.sqlite", "HK.00002")) == 1 and not reports.errors


@pytest.mark.parametrize("fault, err", [("full", errno.ENOSPC), ("readonly", errno.EACCES),
                                        ("mkdir", errno.EACCES)])
def test_a_fault_is_reported_the_days_kept_and_saved_when_it_is_gone(tmp_path, reports,
                                                                      fault, err) -> None:
    path = tmp_path / "data" / "a.sqlite"
    ops = FaultyArchiveOps()
    writer = writer_for(path, reports, ops=ops, retry_after_s=3600)
    days = trading_days(2)
    writer.submit(day_flows(codes_for(3), days[0], 1))
    assert writer.flush(10)
    ops.fault = fault
    if fault == "mkdir":  # the folder is gone and cannot be made again
        writer.close(10)
        path.parent.rename(tmp_path / "elsewhere")
        writer = writer_for(path, reports, ops=ops, retry_after_s=3600)
    morning = day_flows(codes_for(510), days[1], 2, complete=False)
    writer.submit(morning)
    assert not writer.flush(10)
    assert writer.failing and writer.pending == 510
    error = reports.errors[-1]
    assert error.errno == err and str(path) in str(error)
    assert str(error).startswith("Could not ")
    close = day_flows(codes_for(510), days[1], 3)
    writer.submit(close)                  # the day goes on while the disk is full
    assert not writer.flush(10) and writer.pending == 510
    ops.fault = None                      # space again
    assert writer.flush(10) and writer.pending == 0 and not writer.failing
    assert reports.recovered == 1
    writer.close(10)
    assert [f.net for f in stored(path, "HK.00510")] == [close[-1].net]


def test_a_lock_held_past_the_busy_timeout_is_reported_then_retried(tmp_path, reports):
    path = tmp_path / "a.sqlite"
    holder = Archive.open(path, ID)
    writer = writer_for(path, reports, busy_timeout_s=0.01, retry_after_s=0.05)
    holder.db.execute("BEGIN IMMEDIATE")
    writer.submit(day_flows(["HK.00001"], DAY, 1))
    assert not writer.flush(10)
    assert reports.errors[-1].errno == errno.EBUSY
    assert "locked" in str(reports.errors[-1])
    holder.db.execute("COMMIT")           # released: the worker retries by itself
    run(wait_until(lambda: writer.pending == 0, what="the retried save"))
    assert reports.recovered == 1 and len(holder.days("HK.00001")) == 1
    writer.close(10)
    holder.close()


def test_close_saves_what_is_pending_and_keeps_a_complete_day(tmp_path, reports) -> None:
    path = tmp_path / "a.sqlite"
    writer = writer_for(path, reports)
    (closed,) = day_flows(["HK.00001"], DAY, 1)
    (late,) = day_flows(["HK.00001"], DAY, 2, complete=False)
    writer.submit([closed])
    writer.submit([late])
    assert writer.close(10)
    (back,) = stored(path)
    assert back.complete and back.net == closed.net
    assert not writer.flush(1)            # closed: nothing more is taken


def test_pruning_runs_in_the_worker(tmp_path, reports) -> None:
    path = tmp_path / "a.sqlite"
    writer = writer_for(path, reports)
    days = trading_days(3)
    writer.submit([f for d in days for f in day_flows(["HK.00001"], d, 1)])
    assert writer.prune_minutes(1, timeout=10)
    writer.close(10)
    with Archive.open(path, ID) as archive:
        assert [archive.minutes("HK.00001", d) is None for d in days] == [True, True, False]
