import errno

import pytest

from flowdeck.storage.atomic import FileOps, StorageError, atomic_write
from tests.support.failing_ops import FailingOps

STEPS = ["mkdir", "open", "write", "fsync", "close", "replace"]


def test_writes_and_replaces(tmp_path):
    target = tmp_path / "sub" / "f.toml"
    atomic_write(target, b"one")
    assert target.read_bytes() == b"one"
    atomic_write(target, b"two")
    assert target.read_bytes() == b"two"
    assert sorted(p.name for p in target.parent.iterdir()) == ["f.toml"]


@pytest.mark.parametrize("err", [errno.ENOSPC, errno.EACCES, errno.EIO])
@pytest.mark.parametrize("step", STEPS)
def test_failure_at_each_step_keeps_old_file_and_no_temp(tmp_path, step, err):
    target = tmp_path / "f.toml"
    target.write_bytes(b"old")
    with pytest.raises(OSError) as info:
        atomic_write(target, b"new" * 1000, FailingOps(step, err))
    assert info.value.errno == err
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["f.toml"]


def test_failing_directory_fsync_is_not_an_error(tmp_path):
    target = tmp_path / "f.toml"
    atomic_write(target, b"new", FailingOps("fsync", nth=2))
    assert target.read_bytes() == b"new"


def test_short_writes_are_continued(tmp_path):
    class Short(FileOps):
        def write(self, fd, data):
            return super().write(fd, data[:3])

    target = tmp_path / "f"
    atomic_write(target, b"0123456789", Short())
    assert target.read_bytes() == b"0123456789"


def test_zero_write_is_an_error(tmp_path):
    class Zero(FileOps):
        def write(self, fd, data):
            return 0

    target = tmp_path / "f"
    target.write_bytes(b"old")
    with pytest.raises(OSError):
        atomic_write(target, b"new", Zero())
    assert target.read_bytes() == b"old" and len(list(tmp_path.iterdir())) == 1


def test_symlink_target_is_replaced_through_the_link(tmp_path):
    real = tmp_path / "real.toml"
    real.write_bytes(b"old")
    link = tmp_path / "link.toml"
    link.symlink_to(real)
    atomic_write(link, b"new")
    assert link.is_symlink() and real.read_bytes() == b"new"


def test_storage_error_message():
    e = StorageError("save settings to", "/x/flowdeck.toml", OSError(errno.ENOSPC, "No space"))
    assert str(e) == "Could not save settings to /x/flowdeck.toml: No space"
    assert isinstance(e, OSError) and e.errno == errno.ENOSPC
    assert e.filename == "/x/flowdeck.toml"
