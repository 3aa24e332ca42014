"""The alert log against hostile or huge files (issue 17, items 7 and 8): a torn line is
repaired in work linear in its length, a line over MAX_LINE is skipped unparsed, a start
reads today's end of the file and not the whole, and the file is rotated by day."""

from __future__ import annotations

import datetime as dt
import json
import os

import pytest

from flowdeck.core import json_text
from flowdeck.storage.alert_log import MAX_LINE, AlertLog, archive_path
from tests.support.alert_log_entries import TODAY, at, entry
from tests.support.failing_ops import CountingOps

pytestmark = pytest.mark.timeout(60)


@pytest.fixture
def parsed(monkeypatch) -> list[int]:
    """The bytes handed to the JSON parser, per call."""
    sizes: list[int] = []
    loads = json_text.loads

    def counting(text):
        sizes.append(len(text))
        return loads(text)

    monkeypatch.setattr(json_text, "loads", counting)
    return sizes


def log_with(path, garbage: bytes) -> AlertLog:
    log = AlertLog(path)
    log.append([entry(1)])
    with open(path, "ab") as f:
        f.write(garbage)  # a torn line, then the next entry on the same line
    log.append([entry(2)])
    return log


@pytest.mark.parametrize("unit", [b"{", b'{"', b'{"a":'])
def test_repairing_a_torn_line_is_linear_in_its_length(tmp_path, parsed, unit):
    work = []
    for size in (8_000, 16_000, 32_000):
        parsed.clear()
        log = log_with(tmp_path / f"{size}.jsonl", unit * (size // len(unit)))
        assert log.read_day(TODAY) == [entry(1), entry(2)]
        assert log.bad_lines == 1
        work.append(sum(parsed))
    # Every `{` tried (the old way): 32 KB of `{"` parsed 256 MB; now a few tries a line.
    assert work[2] <= 2.5 * work[1] <= 6.25 * work[0]
    assert work[2] <= 20 * 32_000


def test_a_line_longer_than_max_line_is_skipped_unparsed(tmp_path, parsed):
    log = log_with(tmp_path / "a.jsonl", b"{" * (300_000))  # 300 KB: 16 s before
    assert log.read_day(TODAY) == [entry(1)]  # entry 2 shares the too-long line
    assert log.bad_lines == 1
    assert max(parsed) < MAX_LINE
    log.append([entry(3)])
    assert log.read_day(TODAY) == [entry(1), entry(3)]


def test_a_start_reads_the_end_of_a_large_log_not_all_of_it(tmp_path):
    path = tmp_path / "a.jsonl"
    yesterday = TODAY - dt.timedelta(days=1)
    AlertLog(path).append([entry(i, at(yesterday, 9) + i) for i in range(20_000)])
    AlertLog(path).append([entry(i) for i in range(30)])
    size = path.stat().st_size
    ops = CountingOps()
    log = AlertLog(path, ops)
    assert log.read_day(TODAY) == [entry(i) for i in range(30)]
    assert ops.bytes_read < 100_000 < size  # ~4 MB in the file
    ops.bytes_read = 0
    assert log.read_day(TODAY, limit=10) == [entry(i) for i in range(20, 30)]
    assert ops.bytes_read <= 65_536
    assert len(log.read_day(yesterday)) == 20_000  # an earlier day is there too


def test_the_first_append_of_a_day_moves_the_last_days_file_aside(tmp_path):
    path = tmp_path / "alerts.jsonl"
    yesterday = TODAY - dt.timedelta(days=1)
    old = [entry(i, at(yesterday, 15) + i) for i in range(3)]
    AlertLog(path).append(old)
    then = at(yesterday, 16)
    os.utime(path, (then, then))  # last written yesterday
    log = AlertLog(path)
    log.append([entry(7)])
    archive = tmp_path / f"alerts-{yesterday.isoformat()}.jsonl"
    assert [json.loads(x) for x in archive.read_bytes().splitlines()] == old
    assert [json.loads(x) for x in path.read_bytes().splitlines()] == [entry(7)]
    assert log.read_day(TODAY) == [entry(7)]
    log.append([entry(8)])  # the same day: no rotation
    assert log.read_day(TODAY) == [entry(7), entry(8)]
    assert archive_path(path, yesterday) == tmp_path / f"alerts-{yesterday}.1.jsonl"
    assert sorted(p.name for p in tmp_path.iterdir()) == [archive.name, "alerts.jsonl"]
