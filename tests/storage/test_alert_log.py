"""The alert log: JSON lines appended with one write, kept pending while the disk fails."""

import datetime as dt
import errno
import json
import os
import threading
import time

import pytest

from flowdeck.storage.alert_log import ALERT_LOG_NAME, AlertLog, alert_log_path
from flowdeck.storage.atomic import FileOps, StorageError
from tests.support.alert_log_entries import TODAY, at, entry
from tests.support.failing_ops import FlakyOps


def lines_of(path) -> list[dict]:
    return [json.loads(line) for line in path.read_bytes().splitlines()]


def test_path_is_in_the_data_dir(tmp_path, monkeypatch):
    assert alert_log_path(tmp_path) == tmp_path / "data" / ALERT_LOG_NAME
    monkeypatch.setenv("FLOWDECK_HOME", str(tmp_path / "h"))
    assert alert_log_path() == tmp_path / "h" / "data" / "alerts.jsonl"


def test_round_trip_creates_the_folder(tmp_path):
    path = alert_log_path(tmp_path)
    log = AlertLog(path)
    assert log.read_day(TODAY) == [] and log.bad_lines == 0  # no file yet
    log.append([entry(1), entry(2)])
    log.append([entry(3)])
    log.append([])
    assert log.pending == 0
    assert log.read_day(TODAY) == [entry(1), entry(2), entry(3)]
    assert lines_of(path) == [entry(1), entry(2), entry(3)]
    assert path.read_bytes().endswith(b"\n") and "腾讯" in path.read_text("utf-8")
    assert AlertLog(path).read_day(TODAY)[0]["type"] == "alert"  # another object reads it


def test_read_day_filters_by_local_day(tmp_path):
    log = AlertLog(tmp_path / "a.jsonl")
    yesterday, tomorrow = TODAY - dt.timedelta(days=1), TODAY + dt.timedelta(days=1)
    log.append([entry(1, at(yesterday, 23, 59)), entry(2, at(TODAY, 0, 0)),
                entry(3, at(TODAY, 23, 59)), entry(4, at(tomorrow, 0, 0)),
                {"type": "alert", "note": "no wall"}, {"wall": "soon"}])
    assert [e["note"][:2] for e in log.read_day(TODAY)] == ["n2", "n3"]
    assert [e["note"][:2] for e in log.read_day(yesterday)] == ["n1"]
    assert log.bad_lines == 0  # objects without a usable wall are on no day, not bad


def test_torn_and_garbage_lines_are_skipped_and_counted(tmp_path):
    path = tmp_path / "a.jsonl"
    log = AlertLog(path)
    log.append([entry(1), entry(2)])
    whole = json.dumps(entry(3)).encode()
    with open(path, "ab") as f:
        f.write(b"[1, 2]\nnot json\n\xff\xfe\n\n" + whole[: len(whole) // 2])  # kill -9
    assert log.read_day(TODAY) == [entry(1), entry(2)]
    assert log.bad_lines == 4
    # The next writer appends after the half line: that line is lost, the entry is not.
    AlertLog(path).append([entry(4)])
    assert log.read_day(TODAY) == [entry(1), entry(2), entry(4)]
    assert log.bad_lines == 4


@pytest.mark.parametrize("step", ["mkdir", "open", "write"])
def test_enospc_keeps_entries_pending_then_writes_them_first(tmp_path, step):
    path = tmp_path / "data" / "alerts.jsonl"
    ops = FlakyOps(step)
    log = AlertLog(path, ops)
    ops.failing = False
    log.append([entry(1)])
    ops.failing = True
    with pytest.raises(StorageError) as info:
        log.append([entry(2), entry(3)])
    assert str(info.value) == f"Could not append alerts to {path}: No space left on device"
    assert info.value.errno == errno.ENOSPC
    assert log.pending == 2
    with pytest.raises(StorageError):
        log.append([entry(4)])
    with pytest.raises(StorageError):
        log.flush()
    assert log.pending == 3
    assert lines_of(path) == [entry(1)]
    ops.failing = False  # space again
    ops.writes.clear()
    log.append([entry(5)])
    assert log.pending == 0
    assert len(ops.writes) == 1  # the pending ones and the new one in one write
    assert lines_of(path) == [entry(1), entry(2), entry(3), entry(4), entry(5)]
    log.flush()  # nothing pending: nothing written twice
    assert lines_of(path) == [entry(1), entry(2), entry(3), entry(4), entry(5)]


def test_flush_alone_recovers(tmp_path):
    ops = FlakyOps("open")
    log = AlertLog(tmp_path / "a.jsonl", ops)
    with pytest.raises(StorageError):
        log.append([entry(1), entry(2)])
    ops.failing = False
    log.flush()
    assert log.pending == 0 and log.read_day(TODAY) == [entry(1), entry(2)]


def test_fsync_failure_after_a_whole_write_does_not_duplicate(tmp_path):
    path = tmp_path / "a.jsonl"
    ops = FlakyOps("fsync", errno.EIO)
    log = AlertLog(path, ops)
    with pytest.raises(StorageError, match="Input/output error"):
        log.append([entry(1)])
    assert log.pending == 0  # in the file already: writing it again would duplicate it
    ops.failing = False
    log.append([entry(2)])
    assert lines_of(path) == [entry(1), entry(2)]


def test_short_write_then_enospc_leaves_one_torn_line_and_loses_nothing(tmp_path):
    class Filling(FileOps):
        """Takes `room` bytes, then is full until `room` is raised again."""
        room = 0

        def write(self, fd, data):
            if self.room <= 0:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            n = min(self.room, len(data))
            self.room -= n
            return super().write(fd, data[:n])

    path = tmp_path / "a.jsonl"
    ops = Filling()
    log = AlertLog(path, ops)
    first = len(json.dumps(entry(1), ensure_ascii=False, separators=(",", ":")).encode()) + 1
    ops.room = first + 10  # entry 1 whole, 10 bytes of entry 2
    with pytest.raises(StorageError):
        log.append([entry(1), entry(2), entry(3)])
    assert log.pending == 2  # entry 1 is written; 2 (torn) and 3 wait
    ops.room = 10**6
    log.append([entry(4)])
    assert log.pending == 0
    assert log.read_day(TODAY) == [entry(1), entry(2), entry(3), entry(4)]
    assert log.bad_lines == 1  # the 10 bytes of the torn entry 2
    assert len(path.read_bytes().splitlines()) == 5


def test_eacces_message(tmp_path):
    path = tmp_path / "a.jsonl"
    log = AlertLog(path, FlakyOps("open", errno.EACCES))
    with pytest.raises(StorageError) as info:
        log.append([entry(1)])
    assert str(info.value) == f"Could not append alerts to {path}: Permission denied"
    assert info.value.errno == errno.EACCES and log.pending == 1
    AlertLog(path).append([entry(2)])  # a file to fail to read
    with pytest.raises(StorageError, match=r"Could not read alerts from .*: Permission denied"):
        AlertLog(path, FlakyOps("read", errno.EACCES)).read_day(TODAY)


def test_a_bad_entry_fails_before_anything_is_queued(tmp_path):
    log = AlertLog(tmp_path / "a.jsonl")
    with pytest.raises(TypeError):
        log.append([entry(1), {"wall": object()}])
    with pytest.raises(TypeError):
        log.append(["not a dict"])  # type: ignore[list-item]
    assert log.pending == 0 and not (tmp_path / "a.jsonl").exists()


def test_concurrent_appends_never_interleave_inside_a_line(tmp_path):
    path = tmp_path / "a.jsonl"
    logs = [AlertLog(path), AlertLog(path)]
    big = "x" * 3000  # batches of ~60 KB: well past any pipe-sized atomicity
    rounds, per_batch = 40, 20

    def writer(w: int) -> None:
        for r in range(rounds):
            logs[w].append([{**entry(i), "note": big, "w": w, "r": r, "i": i}
                            for i in range(per_batch)])

    threads = [threading.Thread(target=writer, args=(w,)) for w in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    rows = lines_of(path)  # every line parses
    assert len(rows) == 2 * rounds * per_batch
    # Each batch is contiguous and in order; each writer's batches are in order.
    for start in range(0, len(rows), per_batch):
        batch = rows[start:start + per_batch]
        assert {(e["w"], e["r"]) for e in batch} == {(batch[0]["w"], batch[0]["r"])}
        assert [e["i"] for e in batch] == list(range(per_batch))
    for w in range(2):
        assert [e["r"] for e in rows if e["w"] == w and e["i"] == 0] == list(range(rounds))


def test_reading_a_large_log_is_quick(tmp_path):
    log = AlertLog(tmp_path / "a.jsonl")
    log.append([entry(i) for i in range(20_000)])
    start = time.perf_counter()
    assert len(log.read_day(TODAY)) == 20_000
    assert time.perf_counter() - start < 2.0


def test_a_line_nested_too_deep_is_a_bad_line_not_a_crash(tmp_path):
    path = alert_log_path(tmp_path)
    log = AlertLog(path)
    log.append([entry(1)])
    with open(path, "ab") as f:
        f.write(b"[" * 100_000 + b"\n")
    log.append([entry(2)])
    assert log.read_day(TODAY) == [entry(1), entry(2)] and log.bad_lines == 1
