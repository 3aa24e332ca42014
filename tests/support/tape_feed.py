"""A scripted feed that picks its big trades itself (TakesTapeSettings, as the
simulator and a replay do): it keeps each set of tape settings it is told."""

from __future__ import annotations

from flowdeck.core.big_trade_thresholds import TapeSettings

from .named_feed import NamedFeed


class TapeSettingsFeed(NamedFeed):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.told: list[TapeSettings] = []

    def set_tape_settings(self, settings: TapeSettings) -> None:
        self.told.append(settings)
