"""Hostile settings and watchlist files (issue 17, items 5, 8, 10): whatever a file
holds, loading gives settings and a warning that says what was wrong and where; a file
that cannot be read is moved aside, never left to fail every start."""

from __future__ import annotations

import pytest

from flowdeck.storage.atomic import StorageError
from flowdeck.storage.config import MAX_LISTED, load_config
from flowdeck.storage.watchlist_files import MAX_IMPORT_BYTES, read_codes_text
from tests.support.failing_ops import CountingOps

pytestmark = pytest.mark.timeout(60)

GOOD = b'[source]\nurl = "sim"\n[display]\nunits = "wan"\n'


@pytest.mark.parametrize("nested", [
    "a = " + "[" * 5000 + "]" * 5000,          # 10 KB of nested arrays
    "a = " + "{b = " * 2500 + "1" + "}" * 2500,  # ... and of nested inline tables
])
def test_a_file_nested_too_deep_is_moved_aside_not_a_crash(tmp_path, nested):
    path = tmp_path / "flowdeck.toml"
    path.write_text(nested + "\n", encoding="utf-8")
    result = load_config(path)
    assert result.backup == tmp_path / "flowdeck.toml.bak" and result.backup.exists()
    assert not path.exists()  # the next start does not trip over it again
    assert "nested too deep" in result.warning and str(result.backup) in result.warning
    assert result.config.units == "auto"  # defaults


def test_a_byte_that_is_not_utf8_in_a_comment_keeps_the_settings(tmp_path):
    path = tmp_path / "flowdeck.toml"
    original = b"# my desk\n" + GOOD + b"# caf\xe9 (Latin-1)\n"
    path.write_bytes(original)
    result = load_config(path)
    assert result.config.units == "wan" and result.backup is None  # kept, in use
    assert path.read_bytes() == original                        # loading never writes it
    assert (tmp_path / "flowdeck.toml.bak").read_bytes() == original  # kept before a save
    assert "line 6 is not UTF-8" in result.warning and "comment" in result.warning


def test_a_byte_that_is_not_utf8_in_a_value_moves_the_file_aside_naming_the_line(tmp_path):
    path = tmp_path / "flowdeck.toml"
    path.write_bytes(GOOD + b'[[watchlists]]\nname = "D\xe9sk"\ncodes = []\n')
    result = load_config(path)
    assert result.backup is not None and not path.exists()
    assert "line 6 is not UTF-8" in result.warning
    assert "\udce9" not in result.warning  # the stray byte is not passed on


def test_thousands_of_dropped_codes_are_counted_not_listed(tmp_path):
    n = 5000
    codes = ", ".join(f'"BAD{i}"' for i in range(n))
    path = tmp_path / "flowdeck.toml"
    path.write_text(f'[[watchlists]]\nname = "A"\ncodes = [{codes}, "HK.00700"]\n',
                    encoding="utf-8")
    result = load_config(path)
    assert result.config.watchlists[0]["codes"] == ["HK.00700"]
    assert f"BAD{MAX_LISTED - 1} and {n - MAX_LISTED:,} more" in result.warning
    assert f"BAD{MAX_LISTED}," not in result.warning
    assert len(result.warning) < 1000  # 200,000 codes made a 2 MB banner


def test_thousands_of_problems_are_counted_not_listed(tmp_path):
    n = 300
    tables = "".join(f'[[watchlists]]\nname = "L{i % 2}"\n' for i in range(n))
    path = tmp_path / "flowdeck.toml"
    path.write_text(tables, encoding="utf-8")
    result = load_config(path)
    assert f"and {n - 2 - MAX_LISTED:,} more" in result.warning  # L0, L1 kept
    assert len(result.warning) < 2000


def test_a_watchlist_import_never_reads_more_than_its_limit(tmp_path):
    path = tmp_path / "huge.txt"
    with open(path, "wb") as f:
        f.truncate(MAX_IMPORT_BYTES * 4)  # sparse: 32 MB of zeros, nothing on disk
    ops = CountingOps()
    with pytest.raises(StorageError, match="larger than 8 MB"):
        read_codes_text(path, ops)
    assert ops.bytes_read <= MAX_IMPORT_BYTES + 1


def test_a_watchlist_file_of_the_limit_is_read(tmp_path):
    path = tmp_path / "codes.txt"
    text = "HK.00700\n" * (MAX_IMPORT_BYTES // 9)
    path.write_text(text, encoding="utf-8")
    assert read_codes_text(path) == text
