import errno

import pytest

from flowdeck.core.watchlists import Watchlists
from flowdeck.storage.atomic import FileOps, StorageError
from flowdeck.storage.watchlist_files import export_watchlist, import_watchlist


def make() -> Watchlists:
    return Watchlists([("Main", ["HK.00700", "US.BRK.B"]), ("Other", ["SH.600519"])])


@pytest.mark.parametrize("name, text", [
    ("list.txt", "HK.00700\nUS.BRK.B\n"),
    ("list.CSV", "code\nHK.00700\nUS.BRK.B\n"),
])
def test_export_then_import(tmp_path, name, text):
    path = tmp_path / "out" / name
    export_watchlist(path, make())
    assert path.read_text() == text
    target = Watchlists([("X", ["HK.00700"])])
    result = import_watchlist(path, target)
    assert result.added == ["US.BRK.B"] and result.duplicates == ["HK.00700"]
    assert target.codes() == ["HK.00700", "US.BRK.B"]


def test_export_named_list(tmp_path):
    path = tmp_path / "o.txt"
    export_watchlist(path, make(), "Other")
    assert path.read_text() == "SH.600519\n"


def test_import_csv_with_bom_header_and_columns(tmp_path):
    path = tmp_path / "in.csv"
    path.write_bytes("\ufeffSymbol,Name\r\nhk.700,腾讯\r\nUS.MSFT,Microsoft\r\nnope,x\r\n".encode())
    w = Watchlists([("X", [])])
    result = import_watchlist(path, w)
    assert result.added == ["HK.00700", "US.MSFT"] and [t for t, _ in result.invalid] == ["nope"]


def test_import_errors_are_storage_errors(tmp_path):
    with pytest.raises(StorageError) as info:
        import_watchlist(tmp_path / "missing.txt", make())
    assert str(info.value).startswith(f"Could not import a watchlist from {tmp_path}")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\xff\xfe\xfa")
    with pytest.raises(StorageError) as info:
        import_watchlist(bad, make())
    assert "not UTF-8" in str(info.value)


def test_export_failure_keeps_old_file(tmp_path):
    class Denied(FileOps):
        def replace(self, src, dst):
            raise OSError(errno.EACCES, "Permission denied")

    path = tmp_path / "o.txt"
    path.write_text("old\n")
    with pytest.raises(StorageError) as info:
        export_watchlist(path, make(), ops=Denied())
    assert str(info.value) == f"Could not export the watchlist to {path}: Permission denied"
    assert path.read_text() == "old\n" and list(tmp_path.iterdir()) == [path]
