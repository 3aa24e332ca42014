"""The writer that tests/faults/test_data_safety.py kills with SIGKILL.

    python tests/faults/writer_child.py      (started by the test; talks JSON lines)

It is a small fork server: it imports the storage code once, then for each job read
from stdin (one JSON line) it forks a writer, reports `{"pid": N}`, waits for it and
reports `{"exit": STATUS}` (negative: killed by that signal). Forking from a process
that has done its imports makes a kill iteration cost milliseconds instead of a whole
Python start, so a drill of a couple of hundred kills fits in a test run.

A writer runs the REAL storage code over and over, version after version:
- "config":    storage.config.save_config (watchlists and alert rules inside),
- "watchlist": storage.watchlist_files.export_watchlist (a .csv or .txt file),
- "alertlog":  storage.alert_log.AlertLog.append (batches of real Alert.to_json entries),
- "archive":   storage.archive.Archive.save (batches of complete code-days with minute
               series, one day of up to 400 codes each, one transaction).
It waits for one byte on stdin before it starts, prints `{"ack": V}` after each call
that returned (a version saved, or the last seq of a batch appended: what the app
would take as done), and `{"done": true}` if it runs out of versions.

With "lockstep", every file operation goes through a FileOps that first prints
`{"step": NAME}` and waits for one byte on stdin: the test kills the writer at the step
it chose, so kills land between any two os calls of the write path (after the temp
file is written but not renamed, after the rename but before the folder's fsync, ...).
With "split", a write call may write only part of its data (a short write, as the
kernel does when a kill arrives mid-copy), so a kill can leave a torn line. Without
lockstep the writer runs free and the test kills it after a random delay.

All messages are single `os.write`s of one line (under PIPE_BUF, so never interleaved).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "gui"))
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from flowdeck.core.alert_rules import make_rule
from flowdeck.core.alerts import Alert
from flowdeck.core.watchlists import Watchlists
from flowdeck.storage.alert_log import AlertLog
from flowdeck.storage.archive import Archive
from flowdeck.storage.atomic import FileOps
from flowdeck.storage.config import Config, default_config, dumps_config, save_config
from flowdeck.storage.watchlist_files import export_watchlist
from tests.support.day_flows import codes_for as archive_codes
from tests.support.day_flows import day_flows

LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"


# --- the content of each version (the test computes the same to check the files) --------

def codes_for(version: int, salt: int = 0) -> list[str]:
    """10 to ~600 valid codes, a different list for each version."""
    rng = random.Random(version * 7919 + salt)
    count = 10 + rng.randrange(600)
    out = []
    for _ in range(count):
        k = rng.randrange(1, 17000)
        out.append((f"HK.{k:05d}", "US." + LETTERS[k % 26] + LETTERS[k // 26 % 26],
                    f"SH.{600000 + k:06d}", f"SZ.{k:06d}")[k % 4])
    return list(dict.fromkeys(out))


def config_for(version: int) -> Config:
    """Settings whose every part changes with the version (a few KB to ~15 KB)."""
    config = default_config()
    config.units = ("auto", "wan", "kmb")[version % 3]
    config.stale_after_s = 10 + version % 50
    config.watchlists = [{"name": "Core", "codes": codes_for(version)},
                         {"name": f"List {version % 7}", "codes": codes_for(version, 1)}]
    config.active_watchlist = "Core"
    config.alerts = [{"scope": "watchlist:Core", "field": "main_net_inflow", "op": ">",
                      "threshold": float(1e6 * (i + 1)), "note": f"v{version} rule {i}"}
                     for i in range(version % 20)]
    config.extra = {"drill": {"version": version}}
    return config


def config_bytes(version: int) -> bytes:
    return dumps_config(config_for(version)).encode("utf-8")


def watchlists_for(version: int) -> Watchlists:
    return Watchlists([("Core", codes_for(version, 2))])


def watchlist_bytes(version: int, csv: bool) -> bytes:
    w = watchlists_for(version)
    return (w.export_csv() if csv else w.export_text()).encode("utf-8")


_RULE = make_rule("all", "main_net_inflow", ">", "5000万", note="drill 腾讯 " + "x" * 120)


def alert_entry(seq: int, wall: float) -> dict:
    alert = Alert(f"HK.{seq % 99999 + 1:05d}", _RULE, 5e7 + seq, "2025-03-14 10:31:00", wall)
    return {**alert.to_json(), "seq": seq}


def batch_size(seq: int) -> int:
    """1 to 60 entries (up to ~20 KB in one write)."""
    return 1 + random.Random(seq).randrange(60)


ARCHIVE_IDENTITY = "sim:seed=7"


def archive_batch(version: int) -> list:
    """Version v: day 2026-01-01 + v, its first 1 to 400 codes, complete, with minutes."""
    day = dt.date(2026, 1, 1) + dt.timedelta(days=version)
    return day_flows(archive_codes(1 + version * 37 % 400), day, version)


# --- the writer ---------------------------------------------------------------------------

def say(obj: dict) -> None:
    os.write(1, (json.dumps(obj) + "\n").encode())


def wait_go() -> None:
    if os.read(0, 1) == b"":
        os._exit(3)  # the test went away


class SteppingOps(FileOps):
    """Announces every os call and waits for the test's go-ahead; may split writes."""

    def __init__(self, split: bool, rng: random.Random) -> None:
        self.split, self.rng = split, rng

    def _step(self, name: str) -> None:
        say({"step": name})
        wait_go()

    def mkdir(self, path):
        self._step("mkdir")
        super().mkdir(path)

    def open(self, path, flags, mode=0o666):
        self._step("open")
        return super().open(path, flags, mode)

    def write(self, fd, data):
        self._step("write")
        if self.split and len(data) > 1 and self.rng.random() < 0.5:
            data = data[:self.rng.randrange(1, len(data))]  # a short write
        return super().write(fd, data)

    def fsync(self, fd):
        self._step("fsync")
        super().fsync(fd)

    def close(self, fd):
        self._step("close")
        super().close(fd)

    def replace(self, src, dst):
        self._step("replace")
        super().replace(src, dst)


def run_job(job: dict) -> None:
    target, path = job["target"], Path(job["path"])
    ops = SteppingOps(job.get("split", False), random.Random(job.get("seed", 0))) \
        if job.get("lockstep") else None
    wait_go()
    say({"ready": True})
    version = job["start"]
    if target == "archive":
        archive = Archive.open(path, ARCHIVE_IDENTITY)
        for _ in range(job["count"]):
            archive.save(archive_batch(version))
            say({"ack": version})
            version += 1
    elif target == "alertlog":
        log = AlertLog(path, ops)
        for _ in range(job["count"]):
            n = batch_size(version)
            log.append([alert_entry(s, job["wall"]) for s in range(version, version + n)])
            version += n
            say({"ack": version - 1})
    else:
        csv = path.suffix == ".csv"
        for _ in range(job["count"]):
            if target == "config":
                save_config(path, config_for(version), ops)
            else:
                export_watchlist(path, watchlists_for(version), ops=ops)
                assert csv == (path.suffix == ".csv")
            say({"ack": version})
            version += 1
    say({"done": True})


def serve() -> None:
    """Read jobs from stdin, fork a writer for each, report its pid and exit status."""
    while True:
        line = b""
        while not line.endswith(b"\n"):
            byte = os.read(0, 1)  # byte by byte: what follows belongs to the writer
            if not byte:
                return
            line += byte
        if not line.strip():
            return
        job = json.loads(line)
        pid = os.fork()
        if pid == 0:
            try:
                run_job(job)
            except BaseException as exc:  # reported; the test fails on it
                say({"error": f"{type(exc).__name__}: {exc}"})
                os._exit(1)
            os._exit(0)
        say({"pid": pid})
        _, status = os.waitpid(pid, 0)
        say({"exit": os.waitstatus_to_exitcode(status)})


if __name__ == "__main__":
    say({"server": os.getpid()})
    serve()
