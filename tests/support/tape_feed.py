"""A scripted feed as the big-trade sources are: it picks its big trades itself
(TakesTapeSettings, as the simulator and a replay do: it keeps each set of tape
settings it is told) and may not see every followed code's trades (CoversTrades, as
futu://'s pushes: `uncovered` is what it says, told with a state report)."""

from __future__ import annotations

from flowdeck.core.big_trade_thresholds import TapeSettings

from .named_feed import NamedFeed


class TapeSettingsFeed(NamedFeed):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.told: list[TapeSettings] = []
        self.uncovered: dict[str, str] = {}

    def set_tape_settings(self, settings: TapeSettings) -> None:
        self.told.append(settings)

    def uncovered_trades(self) -> dict[str, str]:
        return dict(self.uncovered)

    def report(self, state: str) -> None:
        """A connection state, as a feed that reconnects by itself reports one."""
        if self.on_state is not None:
            self.on_state(state)
