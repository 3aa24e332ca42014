"""The process's resident memory, and its peak over a block (sampled in a thread, so it
sees a blocking call's peak too). Linux only (/proc)."""

from __future__ import annotations

import threading


def current_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * 4096 / 2**20


class PeakRss:
    """`with PeakRss() as peak: ...`; then `peak.growth_mb` is the most the resident
    memory grew above where it started."""

    def __init__(self, interval: float = 0.01) -> None:
        self.interval = interval
        self.start_mb = self.peak_mb = 0.0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak_mb = max(self.peak_mb, current_mb())

    def __enter__(self) -> PeakRss:
        self.start_mb = self.peak_mb = current_mb()
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak_mb = max(self.peak_mb, current_mb())

    @property
    def growth_mb(self) -> float:
        return self.peak_mb - self.start_mb
