"""A scripted feed that names its stocks (a HasUniverse source, as the simulator is):
the Follower hands its universe to the live store when it attaches it."""

from __future__ import annotations

from flowdeck.core.stock_info import Universe

from .feeds import ScriptedFeed


class NamedFeed(ScriptedFeed):
    def __init__(self, universe: Universe, snapshots: list, runs: list[list] | None = None,
                 **kwargs) -> None:
        super().__init__(snapshots, runs, **kwargs)
        self._universe = universe

    def universe(self) -> Universe:
        return self._universe
