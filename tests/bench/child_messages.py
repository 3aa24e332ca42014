"""The JSON lines a benchmark's child process prints, each waited for against a
deadline the caller may move (table_bench gives the measured part its own cap once the
child is ready), so a child that freezes ends the bench with a figure, not a hang."""

from __future__ import annotations

import json
import queue
import subprocess
import threading
import time
from collections.abc import Callable, Iterator


class Capped(Exception):
    """The deadline passed; the child was killed."""


def child_messages(proc: subprocess.Popen, deadline: Callable[[], float]) -> Iterator[dict]:
    """Each JSON object the child prints (other lines are skipped) until it exits;
    Capped when `deadline()` (a time.monotonic() value) passes first."""
    lines: queue.Queue[str | None] = queue.Queue()

    def pump() -> None:
        for line in proc.stdout:  # type: ignore[union-attr]
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    while True:
        try:
            line = lines.get(timeout=max(0.0, deadline() - time.monotonic()))
        except queue.Empty:
            proc.kill()
            proc.wait()
            raise Capped from None
        if line is None:
            proc.wait()
            return
        try:
            msg = json.loads(line)
        except ValueError:
            continue
        if isinstance(msg, dict):
            yield msg
