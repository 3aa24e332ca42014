"""Opening: WAL and the schema; a corrupt or foreign file moved aside with a notice; a
newer file refused untouched; readers never block the writer; the window's and the
gateway's files apart. (Older files migrated: test_archive_schema.py.)"""

from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from flowdeck.storage.archive import Archive, ArchiveError, ArchiveTooNew
from flowdeck.storage.archive.schema import CURRENT_VERSION
from flowdeck.storage.paths import archive_path, data_dir
from tests.support.day_flows import day_flows, trading_days

NOW = dt.datetime(2026, 12, 6, 5, 12, 0)
DAY = dt.date(2026, 12, 4)


def opened(path, identity="sim:seed=7"):
    return Archive.open(path, identity, now=lambda: NOW)


def test_a_new_archive_is_wal_at_the_current_version(tmp_path) -> None:
    with opened(tmp_path / "deep" / "archive.sqlite") as archive:
        assert archive.notice is None
        assert archive.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert archive.db.execute("SELECT version FROM schema_version").fetchone()[0] \
            == CURRENT_VERSION


@pytest.mark.parametrize("content, reason", [
    (b"\x00garbage that is no database" * 100, "corrupt"),
    (b"SQLite format 3\x00" + b"\xff" * 4000, "corrupt"),
    (None, "foreign"),
])
def test_a_bad_file_is_moved_aside_and_a_new_archive_started(tmp_path, content, reason):
    path = tmp_path / "archive.sqlite"
    if content is None:
        with sqlite3.connect(path) as other:
            other.execute("CREATE TABLE notes (text TEXT)")
        content = path.read_bytes()
    else:
        path.write_bytes(content)
    with opened(path) as archive:
        notice = archive.notice
        archive.save(day_flows(["HK.00700"], DAY, 1))
        assert len(archive.days("HK.00700")) == 1
    assert notice.reason == reason and notice.path == path
    assert notice.moved_to == tmp_path / f"archive.sqlite.{reason}-20261206-051200"
    assert notice.moved_to.read_bytes() == content
    assert notice.moved_to.name in notice.text
    with opened(path) as again:                  # the new file is ours: no notice
        assert again.notice is None and len(again.days("HK.00700")) == 1


def test_a_second_bad_file_in_the_same_second_gets_its_own_name(tmp_path) -> None:
    path = tmp_path / "archive.sqlite"
    names = []
    for _ in range(2):
        path.write_bytes(b"not sqlite")
        with opened(path) as archive:
            names.append(archive.notice.moved_to.name)
    assert names == ["archive.sqlite.corrupt-20261206-051200",
                     "archive.sqlite.corrupt-20261206-051200-2"]


def test_a_newer_archive_is_refused_and_left_as_it_is(tmp_path) -> None:
    path = tmp_path / "archive.sqlite"
    with opened(path) as archive:
        archive.save(day_flows(["HK.00700"], DAY, 1))
        archive.db.execute("UPDATE schema_version SET version = ?", (CURRENT_VERSION + 1,))
    before = path.read_bytes()
    with pytest.raises(ArchiveTooNew) as info:
        opened(path)
    assert "newer FlowDeck" in str(info.value) and str(path) in str(info.value)
    assert info.value.version == CURRENT_VERSION + 1
    assert path.read_bytes() == before
    assert not [p for p in tmp_path.iterdir() if "corrupt-" in p.name or "foreign-" in p.name]


def test_a_reader_does_not_block_the_writer(tmp_path) -> None:
    path = tmp_path / "archive.sqlite"
    with opened(path) as writer, opened(path) as reader:
        writer.save(day_flows(["HK.00700"], trading_days(2)[0], 1))
        reader.db.execute("BEGIN")
        assert len(reader.days("HK.00700")) == 1      # a read transaction is open
        fast = Archive.open(path, "sim:seed=7", busy_timeout_s=0)
        fast.save(day_flows(["HK.00700"], DAY, 1))     # no wait allowed: WAL lets it
        fast.close()
        assert len(reader.days("HK.00700")) == 1      # the reader's snapshot
        reader.db.execute("COMMIT")
        assert len(reader.days("HK.00700")) == 2


def test_the_window_and_the_gateway_have_their_own_files(tmp_path) -> None:
    window, gateway = archive_path("window", tmp_path), archive_path("gateway", tmp_path)
    assert window.parent == gateway.parent == data_dir(tmp_path) and window != gateway
    with opened(window) as w, opened(gateway, "gateway:desk") as g:
        w.db.execute("BEGIN IMMEDIATE")                # the window holds its write lock
        fast = Archive.open(gateway, "gateway:desk", busy_timeout_s=0)
        fast.save(day_flows(["HK.00700"], DAY, 1))
        fast.close()
        w.db.execute("COMMIT")
        assert len(g.days("HK.00700")) == 1
    with pytest.raises(ValueError):
        archive_path("cli", tmp_path)


def test_an_identity_is_required(tmp_path) -> None:
    with pytest.raises(ValueError):
        Archive.open(tmp_path / "a.sqlite", "")


def test_a_file_locked_by_another_writer_is_an_error_not_a_corruption(tmp_path) -> None:
    path = tmp_path / "archive.sqlite"
    with opened(path) as holder:
        holder.db.execute("BEGIN IMMEDIATE")
        archive = Archive.open(path, "sim:seed=7", busy_timeout_s=0)
        with pytest.raises(ArchiveError) as info:
            archive.save(day_flows(["HK.00700"], DAY, 1))
        assert "locked" in str(info.value)
        holder.db.execute("ROLLBACK")
        archive.save(day_flows(["HK.00700"], DAY, 1))
        assert len(archive.days("HK.00700")) == 1
        archive.close()
