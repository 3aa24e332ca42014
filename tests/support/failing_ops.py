"""FileOps that fail on purpose: tests run as root, where permission bits prove
nothing, so ENOSPC and EACCES come through the storage layer's file operations."""

from __future__ import annotations

import errno
import os

from flowdeck.storage.atomic import FileOps


class StepFailingOps(FileOps):
    """Every os call asks `fails(step)` first and raises OSError(err) when it says so."""

    def __init__(self, step: str, err: int = errno.ENOSPC) -> None:
        self.step, self.err = step, err
        self.writes: list[bytes] = []   # what reached the disk

    def fails(self, step: str) -> bool:
        raise NotImplementedError

    def _maybe_fail(self, step: str) -> None:
        if self.fails(step):
            raise OSError(self.err, os.strerror(self.err))

    def mkdir(self, path):
        self._maybe_fail("mkdir")
        super().mkdir(path)

    def open(self, path, flags, mode=0o666):
        self._maybe_fail("open")
        return super().open(path, flags, mode)

    def write(self, fd, data):
        self._maybe_fail("write")
        self.writes.append(bytes(data))
        return super().write(fd, data)

    def fsync(self, fd):
        self._maybe_fail("fsync")
        super().fsync(fd)

    def close(self, fd):
        self._maybe_fail("close")
        super().close(fd)

    def replace(self, src, dst):
        self._maybe_fail("replace")
        super().replace(src, dst)

    def read(self, path):
        self._maybe_fail("read")
        return super().read(path)

    def read_at(self, fd, offset, size):
        self._maybe_fail("read")
        return super().read_at(fd, offset, size)


class FailingOps(StepFailingOps):
    """Fails the n-th call (1-based) of one step."""

    def __init__(self, step: str, err: int = errno.ENOSPC, nth: int = 1) -> None:
        super().__init__(step, err)
        self.nth, self.calls = nth, 0

    def fails(self, step: str) -> bool:
        if step != self.step:
            return False
        self.calls += 1
        return self.calls == self.nth


class FlakyOps(StepFailingOps):
    """Fails every call of one step while `failing` is true (a disk that fills up and is
    freed again)."""

    def __init__(self, step: str = "write", err: int = errno.ENOSPC) -> None:
        super().__init__(step, err)
        self.failing = True

    def fails(self, step: str) -> bool:
        return self.failing and step == self.step


class CountingOps(FileOps):
    """Counts the bytes the storage layer reads."""

    def __init__(self) -> None:
        self.bytes_read = 0

    def read(self, path):
        data = super().read(path)
        self.bytes_read += len(data)
        return data

    def read_at(self, fd, offset, size):
        data = super().read_at(fd, offset, size)
        self.bytes_read += len(data)
        return data
