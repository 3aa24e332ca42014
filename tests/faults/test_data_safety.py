"""Data safety drills: the settings, the watchlists and the alert log survive a kill -9
in the middle of a save, a full disk (ENOSPC) and a folder that cannot be written
(EACCES) in the storage layer; the flow history archive keeps every committed day
and no part of one through a kill -9 (its other faults: tests/storage/archive/); the
window's side is in test_window_data_safety.py.

The kill drill runs the real storage code in a child (tests/faults/writer_child.py)
that saves version after version; the test SIGKILLs it at a chosen os call of the write
path (lockstep) or after a random delay, and then reads the file: it holds the last
version that was acknowledged or the one being written, byte for byte, never a part of
one; the alert log has every acknowledged entry, each once, in order, and at most the
batch being written is missing. Tests run as root, so ENOSPC and EACCES are injected
through the storage layer's FileOps rather than with permission bits.

What tests/storage and tests/ui already prove is not repeated here: every step of
atomic_write failing (test_atomic), the alert log's pending entries and torn lines
(test_alert_log), the AlertCenter's failure signal (test_alert_center), a save failure
shown in a banner with save_config replaced (test_main_window).
"""

from __future__ import annotations

import collections
import datetime as dt
import errno
import json
import os
import random
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from flowdeck.storage.alert_log import AlertLog
from flowdeck.storage.archive import Archive
from flowdeck.storage.atomic import FileOps, StorageError, remove_stale_temps, temp_name
from flowdeck.storage.config import load_config, save_config
from flowdeck.storage.watchlist_files import export_watchlist
from tests.support.failing_ops import FlakyOps
from tests.support.files import temps

from . import writer_child as wc

CHILD = Path(wc.__file__)
GUI = str(Path(__file__).resolve().parents[2] / "gui")

# The Qt fixtures (tests/support/fixtures.py) and their garbage collection in the GUI thread.
pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("gui_garbage_collected")]

# Kills per target: (lockstep, random delay). About 160 kills in all, a few seconds.
DRILL = {"config": (40, 20), "watchlist": (25, 15), "alertlog": (40, 20)}
VERSIONS_PER_LOCKSTEP_JOB = 3
MIN_STEPS = {"config": 9, "watchlist": 9, "alertlog": 5}  # os calls of one save, at least
MAX_RANDOM_DELAY_S = 0.02


# --- the kill -9 drill ---------------------------------------------------------------

class WriterServer:
    """writer_child.py: sends jobs, reads its JSON lines with a timeout."""

    def __init__(self) -> None:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([GUI, os.environ.get("PYTHONPATH",
                                                                                "")])}
        self.proc = subprocess.Popen([sys.executable, str(CHILD)], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, env=env, bufsize=0)
        self.buf = b""
        assert "server" in self.message(60)

    def send(self, data: bytes) -> None:
        self.proc.stdin.write(data)  # type: ignore[union-attr]

    def message(self, timeout: float = 30.0) -> dict:
        out = self.proc.stdout
        deadline = time.monotonic() + timeout
        while b"\n" not in self.buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("writer_child said nothing in time")
            if select.select([out], [], [], left)[0]:
                chunk = os.read(out.fileno(), 1 << 16)  # type: ignore[union-attr]
                if not chunk:
                    raise AssertionError(f"writer_child exited ({self.proc.wait()})")
                self.buf += chunk
        line, _, self.buf = self.buf.partition(b"\n")
        return json.loads(line)

    def run(self, job: dict, kill_at: int | None = None,
            delay: float | None = None) -> tuple[list[int], str | None, int]:
        """One writer: killed before its `kill_at`-th os call (lockstep) or `delay` s
        after it starts. Its acknowledgements, where the kill landed, its exit status."""
        self.send((json.dumps(job) + "\n").encode())
        pid = self.message()["pid"]
        self.send(b"g")
        acks: list[int] = []
        where, steps, renamed = None, 0, False
        while True:
            msg = self.message()
            if "step" in msg:
                steps += 1
                if steps == kill_at:
                    os.kill(pid, signal.SIGKILL)
                    where = f"before {msg['step']}" + (" (folder)" if renamed else "")
                else:
                    renamed = renamed or msg["step"] == "replace"
                    self.send(b"c")
            elif "ready" in msg and delay is not None:
                time.sleep(delay)
                os.kill(pid, signal.SIGKILL)
                where = "random"
            elif "ack" in msg:
                acks.append(msg["ack"])
                renamed = False
            elif "error" in msg:
                raise AssertionError(f"writer failed: {msg['error']}")
            elif "exit" in msg:
                return acks, where, msg["exit"]

    def close(self) -> None:
        self.proc.stdin.close()  # type: ignore[union-attr]
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


@pytest.fixture
def writer_server():
    if not hasattr(os, "fork"):
        pytest.skip("writer_child.py forks a writer per kill")
    server = WriterServer()
    try:
        yield server
    finally:
        server.close()


def plan(target: str, i: int, rng: random.Random) -> tuple[bool, int | None, float | None]:
    """Iteration i: lockstep or not, the os call to kill before, or the delay."""
    lockstep_n, _ = DRILL[target]
    if i < lockstep_n:  # every os call of the first saves in turn
        return True, 1 + i % (MIN_STEPS[target] * VERSIONS_PER_LOCKSTEP_JOB), None
    return False, None, rng.uniform(0.0, MAX_RANDOM_DELAY_S)


def expected_file(target: str, path: Path, version: int | None) -> bytes | None:
    if version is None:
        return None
    if target == "config":
        return wc.config_bytes(version)
    return wc.watchlist_bytes(version, path.suffix == ".csv")


@pytest.mark.parametrize("target", ["config", "watchlist"])
def test_kill_9_during_saves_leaves_the_old_or_the_new_file(tmp_path, writer_server,
                                                             target) -> None:
    rng = random.Random(f"{target}-drill")
    folder = tmp_path / "config"
    files = ([folder / "flowdeck.toml"] if target == "config"
             else [folder / "Core.csv", folder / "core.txt"])
    on_disk: dict[Path, int | None] = dict.fromkeys(files)
    kills, outcomes, max_temps = collections.Counter(), collections.Counter(), 0
    version = 1
    for i in range(sum(DRILL[target])):
        path = files[i % len(files)]
        lockstep, kill_at, delay = plan(target, i, rng)
        job = {"target": target, "path": str(path), "start": version,
               "count": VERSIONS_PER_LOCKSTEP_JOB if lockstep else 10**6,
               "lockstep": lockstep, "split": lockstep and rng.random() < 0.5, "seed": i}
        acks, where, status = writer_server.run(job, kill_at, delay)
        assert status == -signal.SIGKILL, (job, acks)
        kills[where] += 1
        previous = acks[-1] if acks else on_disk[path]   # acknowledged (or older)
        inflight = acks[-1] + 1 if acks else version     # being written when killed
        data = path.read_bytes() if path.exists() else None
        if data == expected_file(target, path, previous):
            on_disk[path] = previous
            outcomes["old"] += 1
        else:
            assert data == expected_file(target, path, inflight), (
                f"kill {i} ({where}): {path.name} is neither version {previous} nor "
                f"{inflight}: {len(data or b'')} bytes")
            on_disk[path] = inflight
            outcomes["new"] += 1
        if target == "config" and data is not None:
            loaded = load_config(path)
            assert loaded.warning is None
            assert loaded.config.extra["drill"]["version"] == on_disk[path]
        max_temps = max(max_temps, len(temps(folder)))
        version = inflight + 1
    # Temp files of killed writers are removed by the next save that completes.
    if target == "config":
        save_config(files[0], wc.config_for(version))
    else:
        for path in files:
            export_watchlist(path, wc.watchlists_for(version))
    assert temps(folder) == []
    print(f"\n{target}: {sum(kills.values())} kills {dict(kills)}; file held "
          f"{dict(outcomes)}; temp files left at most {max_temps} at once, 0 after a save")
    assert outcomes["old"] and outcomes["new"]  # both sides of the rename were hit
    assert sum(k for w, k in kills.items() if w and "replace" in w) >= 3


def test_kill_9_during_alert_log_appends_loses_no_acknowledged_entry(tmp_path,
                                                                      writer_server) -> None:
    rng = random.Random("alertlog-drill")
    path = tmp_path / "data" / "alerts.jsonl"
    day = dt.date.today()
    wall = dt.datetime.combine(day, dt.time(12)).timestamp()
    kills, outcomes = collections.Counter(), collections.Counter()
    present = 0          # entries 0 .. present-1 are in the file, checked
    bad = 0
    for i in range(sum(DRILL["alertlog"])):
        lockstep, kill_at, delay = plan("alertlog", i, rng)
        job = {"target": "alertlog", "path": str(path), "start": present,
               "count": VERSIONS_PER_LOCKSTEP_JOB if lockstep else 10**6,
               "lockstep": lockstep, "split": lockstep, "seed": i, "wall": wall}
        acks, where, status = writer_server.run(job, kill_at, delay)
        assert status == -signal.SIGKILL, (job, acks)
        kills[where] += 1
        acked = acks[-1] if acks else present - 1
        in_flight = range(acked + 1, acked + 1 + wc.batch_size(acked + 1))
        log = AlertLog(path)
        entries = log.read_day(day)
        seqs = [e["seq"] for e in entries]
        # In order, none twice, none missing: every acknowledged entry is there.
        assert seqs == list(range(len(seqs))), f"kill {i} ({where}): {seqs[-5:]}"
        assert acked < len(seqs) <= in_flight.stop, (i, where, acked, len(seqs))
        assert entries[present:] == [wc.alert_entry(s, wall) for s in seqs[present:]]
        missing = in_flight.stop - len(seqs)
        outcomes["batch whole" if missing == 0 else
                 "batch lost" if missing == len(in_flight) else "batch in part"] += 1
        torn = log.bad_lines - bad
        assert torn in (0, 1), (i, where, torn)  # a kill tears at most the line it was on
        outcomes["torn line"] += torn
        bad, present = log.bad_lines, len(seqs)
    # Appending goes on after the torn lines; the file still reads.
    log = AlertLog(path)
    log.append([wc.alert_entry(present, wall)])
    assert [e["seq"] for e in log.read_day(day)] == list(range(present + 1))
    print(f"\nalertlog: {sum(kills.values())} kills {dict(kills)}; {dict(outcomes)}; "
          f"{present} entries, {bad} torn lines skipped")
    assert outcomes["torn line"] >= 1 and outcomes["batch in part"] >= 1


def test_kill_9_during_archive_saves_keeps_every_committed_day_and_no_partial_one(
        tmp_path, writer_server) -> None:
    """SQLite does its own os calls, so the kills land after random delays (no
    lockstep); a batch is one day of up to 400 codes saved in one transaction."""
    rng = random.Random("archive-drill")
    path = tmp_path / "data" / "archive.sqlite"
    outcomes: collections.Counter = collections.Counter()
    version = 0
    for i in range(20):
        job = {"target": "archive", "path": str(path), "start": version, "count": 10**6,
               "seed": i}
        acks, _, status = writer_server.run(job, delay=rng.uniform(0.0, 0.6))
        assert status == -signal.SIGKILL, (job, acks)
        inflight = acks[-1] + 1 if acks else version
        next_version = inflight + 1   # unless the day being written is absent
        with Archive.open(path, wc.ARCHIVE_IDENTITY) as archive:
            assert archive.notice is None
            for v in range(version, inflight + 1):
                expected = wc.archive_batch(v)
                day = expected[0].day
                got = {c: archive.days(c, day, day) for c in {f.code for f in expected}}
                present = [f for f in expected if got[f.code]]
                if v == inflight and not present:
                    outcomes["in-flight day absent"] += 1
                    next_version = inflight
                    continue
                assert len(present) == len(expected), f"kill {i}: day {v} in part"
                for f in expected[:: max(1, len(expected) // 7)]:
                    (back,) = got[f.code]
                    assert (back.net, back.inflow, back.update_time) == (
                        f.net, f.inflow, f.update_time)
                    assert archive.minutes(f.code, day).tobytes() == f.minutes.tobytes()
                outcomes["in-flight day whole" if v == inflight else "acknowledged"] += 1
            assert len(archive.trading_days()) == next_version
        version = next_version
        outcomes["kills"] += 1
    print(f"\narchive: {dict(outcomes)}")
    assert outcomes["acknowledged"] > 0 and outcomes["in-flight day absent"] > 0


def test_stale_temps_of_dead_writers_are_removed_live_ones_kept(tmp_path) -> None:
    target = tmp_path / "flowdeck.toml"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    stale = tmp_path / f".flowdeck.toml.{dead.pid}.0123abcd.tmp"
    live = tmp_path / f".flowdeck.toml.{os.getppid()}.0123abcd.tmp"
    mine = temp_name(target)
    other = tmp_path / f".other.toml.{dead.pid}.0123abcd.tmp"
    for p in (stale, live, mine, other):
        p.write_bytes(b"half")
    assert remove_stale_temps(target) == 1
    assert temps(tmp_path) == sorted(p.name for p in (live, mine, other))


# --- a full disk, a folder that cannot be written: fail, keep, resume ----------------

WRITERS = ("config", "watchlist", "alertlog")


def save_with(writer: str, path: Path, version: int, ops: FileOps | AlertLog) -> None:
    if writer == "config":
        save_config(path, wc.config_for(version), ops)  # type: ignore[arg-type]
    elif writer == "watchlist":
        export_watchlist(path, wc.watchlists_for(version), ops=ops)  # type: ignore[arg-type]
    else:
        ops.append([wc.alert_entry(version, time.time())])  # type: ignore[union-attr]


FAULTS = [(errno.ENOSPC, "write"), (errno.ENOSPC, "fsync"), (errno.EACCES, "open"),
          (errno.EACCES, "mkdir"), (errno.ENOSPC, "replace")]


@pytest.mark.parametrize("writer, err, step", [
    (w, err, step) for w in WRITERS for err, step in FAULTS
    if not (w == "alertlog" and step == "replace")])  # the log appends; it renames nothing
def test_fault_keeps_the_file_says_why_and_saving_resumes(tmp_path, writer, err, step):
    names = {"config": "flowdeck.toml", "watchlist": "Core.csv", "alertlog": "alerts.jsonl"}
    path = tmp_path / "dir" / names[writer]
    ops = FlakyOps(step, err)
    ops.failing = False
    target: FileOps | AlertLog = AlertLog(path, ops) if writer == "alertlog" else ops
    save_with(writer, path, 1, target)
    before = path.read_bytes()
    ops.failing = True
    for version in (2, 3):  # the fault lasts: each save fails the same way
        with pytest.raises(StorageError) as info:
            save_with(writer, path, version, target)
        assert str(path) in str(info.value) and os.strerror(err) in str(info.value)
        assert info.value.errno == err
        assert str(info.value).startswith("Could not ")
        assert temps(path.parent) == []
        if writer == "alertlog" and step == "fsync":
            # The lines reached the file; only their fsync failed: none is pending.
            assert target.pending == 0  # type: ignore[union-attr]
        else:
            assert path.read_bytes() == before
            if writer == "alertlog":
                assert target.pending == version - 1  # type: ignore[union-attr]
    ops.failing = False  # space again, or the folder's permission fixed
    save_with(writer, path, 4, target)
    if writer == "alertlog":
        seqs = [json.loads(x)["seq"] for x in path.read_bytes().splitlines()]
        assert seqs == [1, 2, 3, 4] and target.pending == 0  # type: ignore[union-attr]
    else:
        assert path.read_bytes() == expected_file(writer, path, 4)
    assert temps(path.parent) == []
