"""A file's lines from the last to the first, read in blocks from its end: what the end
of a large append-only file holds is found without reading the rest (the alert log at
start: today's entries are at its end). A line longer than a limit is never held whole
and comes out as None. No Qt.
"""

from __future__ import annotations

from collections.abc import Iterator

from .atomic import FileOps

BLOCK = 1 << 16


def lines_backwards(ops: FileOps, fd: int, size: int, max_line: int,
                    block: int = BLOCK) -> Iterator[bytes | None]:
    """The lines of the first `size` bytes of open file `fd`, last first, without their
    newline (the empty line after a final newline included). A line longer than
    `max_line` bytes gives None, having cost no more than reading it once."""
    end = size
    tail = b""          # the start of the line read so far (its end is already read)
    too_long = False    # the line being read is longer than max_line: its bytes dropped
    while end > 0:
        start = max(0, end - block)
        data = ops.read_at(fd, start, end - start)
        if len(data) < end - start:  # the file shrank meanwhile: what was read is kept
            data = data.rjust(end - start, b"\n")
        end = start
        parts = data.split(b"\n")
        if len(parts) == 1:  # no newline in the block: the line goes on before it
            if not too_long:
                tail = data + tail
                too_long = len(tail) > max_line
                tail = b"" if too_long else tail
            continue
        last = parts[-1] + tail
        yield None if too_long or len(last) > max_line else last
        for line in reversed(parts[1:-1]):
            yield None if len(line) > max_line else line
        tail, too_long = parts[0], len(parts[0]) > max_line
        tail = b"" if too_long else tail
    if size > 0:
        yield None if too_long or len(tail) > max_line else tail
