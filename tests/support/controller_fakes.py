"""The model and the status bar as the controller sees them, recording what it tells them."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from flowdeck.core.batch import Batch, MarketStatus


class FakeModel:
    def __init__(self) -> None:
        self.codes: list[str] = []
        self.values: dict[str, float] = {}
        self.batches: list[Batch] = []
        self.restarts: list[set[str]] = []
        self.points = 0

    def set_codes(self, codes: Sequence[str]) -> None:
        self.codes = list(codes)
        self.values = {c: v for c, v in self.values.items() if c in self.codes}

    def apply(self, batch: Batch, wall: float, restart: Collection[str] = ()) -> None:
        self.batches.append(batch)
        self.restarts.append(set(restart))
        self.points += len(batch.points)
        for code, record in batch.records.items():
            if code in self.codes:
                self.values[code] = record.main_net_inflow


class FakeStatus:
    def __init__(self) -> None:
        self.states: list[tuple[str, str]] = []
        self.source: tuple[str, bool] | None = None
        self.markets: dict[str, MarketStatus] = {}
        self.last: tuple[str, str] | None = None
        self.rate = 0.0

    def set_source(self, name: str, simulated: bool) -> None:
        self.source = (name, simulated)

    def set_state(self, state: str, detail: str = "") -> None:
        self.states.append((state, detail))

    def set_markets(self, markets) -> None:
        self.markets.update(markets)

    def set_last_update(self, code: str, update_time: str) -> None:
        self.last = (code, update_time)

    def set_rate(self, per_second: float) -> None:
        self.rate = per_second
