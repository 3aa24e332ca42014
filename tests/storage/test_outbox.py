"""The outbox: rows per (firing, channel) with one dedupe key, due oldest first,
retries, expiry, and what a full or read-only disk and a bad file do."""

from __future__ import annotations

import errno
import sqlite3

import pytest

from flowdeck.storage.outbox import Outbox, OutboxError, outbox_path
from tests.support.failing_archive_ops import FaultyArchiveOps


class Clock:
    def __init__(self, now: float = 1000.0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


def alert(code: str, value: float = 1.0) -> dict:
    return {"type": "alert", "code": code, "value": value, "rule_text": "Main net inflow > 0"}


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
def outbox(tmp_path, clock):
    box = Outbox(tmp_path / "outbox.sqlite", clock=clock)
    yield box
    box.close()


def test_one_row_per_firing_and_channel_with_one_key(outbox):
    written = outbox.add([alert("HK.00700"), alert("US.AAPL")], ["dd", "mail"])
    assert [p["code"] for p in written] == ["HK.00700", "US.AAPL"]
    assert len({p["key"] for p in written}) == 2
    for channel in ("dd", "mail"):
        rows = outbox.due(channel, 1000.0)
        assert [r.key for r in rows] == [p["key"] for p in written]
        assert [r.payload for r in rows] == written  # the key is in the payload too
    assert outbox.pending() == 4
    assert outbox.pending_by_channel() == {"dd": 2, "mail": 2}


def test_due_is_oldest_first_and_limited(outbox, clock):
    for i in range(5):
        clock.now = 1000.0 + i
        outbox.add([alert(f"HK.0000{i}")], ["dd"])
    rows = outbox.due("dd", clock.now, limit=3)
    assert [r.payload["code"] for r in rows] == ["HK.00000", "HK.00001", "HK.00002"]
    assert outbox.due("dd", 1001.5) == outbox.due("dd", 1004.0)[:2]
    assert outbox.due("other", clock.now) == []


def test_delivered_and_given_up_rows_leave(outbox):
    outbox.add([alert("HK.00700"), alert("HK.00005")], ["dd"])
    first, second = outbox.due("dd", 1000.0)
    outbox.delivered([first.id])
    outbox.give_up([second.id])
    assert outbox.pending("dd") == 0
    assert outbox.head_due("dd") is None


def test_retry_waits_counts_and_keeps_the_error(outbox):
    outbox.add([alert("HK.00700")], ["dd"])
    (row,) = outbox.due("dd", 1000.0)
    outbox.retry([row.id], 1030.0, "HTTP 429")
    assert outbox.due("dd", 1029.9) == []
    assert outbox.head_due("dd") == 1030.0
    (again,) = outbox.due("dd", 1030.0)
    assert (again.key, again.attempts, again.last_error) == (row.key, 1, "HTTP 429")
    outbox.add([alert("HK.00005")], ["dd"])  # due now, but after the waiting oldest
    assert outbox.head_due("dd") == 1030.0
    assert [r.payload["code"] for r in outbox.due("dd", 1000.0)] == ["HK.00005"]


def test_expire_returns_and_removes_what_is_too_old(outbox, clock):
    outbox.add([alert("HK.00001")], ["dd", "mail"])
    clock.now = 2000.0
    outbox.add([alert("HK.00002")], ["dd"])
    expired = outbox.expire(now=4000.0, max_age=2500.0)
    assert sorted((r.channel, r.payload["code"]) for r in expired) == [
        ("dd", "HK.00001"), ("mail", "HK.00001")]
    assert [r.payload["code"] for r in outbox.due("dd", 4000.0)] == ["HK.00002"]
    assert outbox.expire(now=4000.0, max_age=2500.0) == []


def test_rows_survive_a_reopen_in_wal(tmp_path, clock):
    path = tmp_path / "outbox.sqlite"
    box = Outbox(path, clock=clock)
    written = box.add([alert("HK.00700")], ["dd"])
    box.close()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    again = Outbox(path, clock=clock)
    assert [r.payload for r in again.due("dd", 1000.0)] == written
    again.close()


def test_default_path_is_in_the_data_folder(tmp_path):
    assert outbox_path(tmp_path) == tmp_path / "data" / "outbox.sqlite"


@pytest.mark.parametrize(("fault", "code"), [("full", errno.ENOSPC),
                                             ("readonly", errno.EACCES)])
def test_a_refusing_disk_is_a_storage_error_and_writes_nothing(tmp_path, clock, fault, code):
    ops = FaultyArchiveOps()
    box = Outbox(tmp_path / "outbox.sqlite", ops=ops, clock=clock)
    box.add([alert("HK.00001")], ["dd"])
    ops.fault = fault
    with pytest.raises(OutboxError) as raised:
        box.add([alert(f"HK.{i:05d}", i) for i in range(200)], ["dd", "mail"])
    assert raised.value.errno == code
    assert "outbox" in str(raised.value)
    ops.fault = None
    assert box.pending() == 1  # the earlier firing, nothing of the refused batch
    box.add([alert("HK.00002")], ["dd"])
    assert box.pending() == 2
    box.close()


def test_a_folder_that_cannot_be_made_is_a_storage_error(tmp_path):
    with pytest.raises(OutboxError) as raised:
        Outbox(tmp_path / "data" / "outbox.sqlite", ops=FaultyArchiveOps("mkdir"))
    assert raised.value.errno == errno.EACCES


@pytest.mark.parametrize("foreign", [False, True])
def test_an_unreadable_file_is_moved_aside_not_lost(tmp_path, clock, foreign):
    path = tmp_path / "outbox.sqlite"
    (tmp_path / "notes.txt").write_text("the user's")
    if foreign:
        db = sqlite3.connect(path)
        db.execute("CREATE TABLE theirs (x)")
        db.commit()
        db.close()
    else:
        path.write_bytes(b"not a database at all" * 100)
    before = path.read_bytes()
    box = Outbox(path, clock=clock)
    assert box.moved_aside is not None
    assert box.moved_aside.name.startswith("outbox.sqlite." + ("foreign" if foreign else "corrupt"))
    assert box.moved_aside.read_bytes() == before
    assert (tmp_path / "notes.txt").read_text() == "the user's"
    box.add([alert("HK.00700")], ["dd"])
    assert box.pending() == 1
    box.close()


def test_attempts_are_kept_for_a_minute(outbox):
    for at in (1000.0, 1030.0, 1059.0):
        outbox.attempted("dd", at)
    outbox.attempted("mail", 1000.0)
    assert outbox.attempts_since("dd", 0.0) == [1000.0, 1030.0, 1059.0]
    outbox.attempted("dd", 1075.0)  # the one at 1000 is forgotten now
    assert outbox.attempts_since("dd", 0.0) == [1030.0, 1059.0, 1075.0]
    assert outbox.attempts_since("dd", 1059.0) == [1059.0, 1075.0]
    assert outbox.attempts_since("mail", 0.0) == [1000.0]
