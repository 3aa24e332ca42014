"""The names a `futu://` source shows: every listed stock of the four markets, from
`get_stock_basicinfo(market, SecurityType.STOCK)`, one request a market, once a day.

OpenD gives one name, in the language it runs in (Chinese or English): a market's
names are recorded with that language (`language_of` the names: Chinese when any has a
Chinese character) and each goes in its language's column, the other falling back to
it (core.stock_info). A code OpenD does not list (or before its market's names came)
has no name: the code alone.

OpenD's language can change between two runs (its own setting): the snapshots polled
for prices carry each code's name in today's language, so a kept name of the other
script (`check_language`) makes its market's names due again: fetched anew rather
than shown in the old language.

A market's names are of its exchange's day (core.markets.local_now); the next day asks
again. With a `folder` they are kept on disk too (`futu-names-HK.json`, ...: the day,
the language and the names, written whole and then renamed), so a restart the same day
spends no quota on them. A file of another day, without a language (older), or one
that cannot be read, is ignored.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import logging
import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from types import MappingProxyType

from ...core.codes import Market
from ...core.markets import MARKET_ORDER, local_now
from ...core.stock_info import Sector, StockInfo

log = logging.getLogger("flowdeck.feeds.futu.names")


def exchange_day(market: Market) -> dt.date:
    return local_now(market).date()


def chinese(name: str) -> bool:
    """Whether `name` has a CJK ideograph (OpenD's English names have none)."""
    return any("\u3400" <= ch <= "\u9fff" or "\uf900" <= ch <= "\ufaff" for ch in name)


def language_of(names: Iterable[str]) -> str:
    """The language OpenD wrote `names` in: "zh" when any is Chinese, else "en" (a
    Chinese OpenD names small US stocks in English too, never the reverse)."""
    return "zh" if any(chinese(n) for n in names) else "en"


class FutuNames:
    """A Universe (core.stock_info, NamesAnyCode) of OpenD's listed stocks; no sectors."""

    def __init__(self, folder: Path | None = None,
                 today: Callable[[Market], dt.date] = exchange_day) -> None:
        self.folder = Path(folder) if folder is not None else None
        self._today = today
        self._known: dict[str, StockInfo] = {}
        self._days: dict[Market, dt.date] = {}   # the day each market's names are of
        self.languages: dict[Market, str] = {}  # the language each market's are in

    def info(self, code: str) -> StockInfo:
        known = self._known.get(code)
        return known if known is not None else StockInfo(code)

    def stocks(self) -> Mapping[str, StockInfo]:
        return MappingProxyType(self._known)

    def sectors(self) -> Mapping[str, Sector]:
        return {}

    def due(self) -> list[Market]:
        """The markets whose names are not of their exchange's today (none yet, or
        yesterday's)."""
        return [m for m in MARKET_ORDER if self._days.get(m) != self._today(m)]

    def load_kept(self) -> list[Market]:
        """Today's names of the markets due, from the folder; the markets found."""
        found = []
        for market in self.due():
            kept = self._read(market)
            if kept is not None:
                self._take(market, *kept)
                found.append(market)
        return found

    def keep_in(self, folder: Path) -> list[Market]:
        """Keep names in `folder` from now on: the day's names learnt already are
        written there, and the markets due take theirs from it (those found)."""
        self.folder = Path(folder)
        for market, day in list(self._days.items()):
            if day == self._today(market):
                prefix = f"{market.value}."
                self._write(market, self.languages[market],
                            {c: i.name_zh or i.name_en for c, i in self._known.items()
                             if c.startswith(prefix)})
        return self.load_kept()

    def learn(self, market: Market, names: Mapping[str, str]) -> None:
        """OpenD's names of `market` today (code -> name); kept on disk with a folder."""
        language = language_of(names.values())
        self._take(market, language, names)
        if self.folder is not None:
            self._write(market, language, names)

    def check_language(self, seen: Mapping[str, str]) -> list[Market]:
        """Names OpenD gives now (code -> name: a snapshot's): a market where one is
        Chinese and its kept name is not, or the reverse, is due again (the markets
        returned). A name of one script in both languages (a small US stock's) tells
        nothing."""
        stale = []
        for code, name in seen.items():
            kept = self._known.get(code)
            market = Market(code.partition(".")[0])
            if (kept is not None and name and market in self._days
                    and chinese(name) != chinese(kept.name_zh or kept.name_en)):
                stale.append(market)
                self._days.pop(market, None)
        for market in stale:
            log.info("futu names of %s: OpenD's language is not %s now: asked again",
                     market.value, self.languages.get(market))
        return stale

    def _take(self, market: Market, language: str, names: Mapping[str, str]) -> None:
        prefix = f"{market.value}."
        for code in [c for c in self._known if c.startswith(prefix)]:
            del self._known[code]
        zh = language == "zh"
        for code, name in names.items():
            if code.startswith(prefix) and name:
                self._known[code] = (StockInfo(code, name_zh=name) if zh
                                     else StockInfo(code, name_en=name))
        self._days[market] = self._today(market)
        self.languages[market] = language

    def _path(self, market: Market) -> Path:
        assert self.folder is not None
        return self.folder / f"futu-names-{market.value}.json"

    def _read(self, market: Market) -> tuple[str, dict[str, str]] | None:
        """(language, names) kept today, None for none (or an older file's)."""
        if self.folder is None:
            return None
        try:
            kept = json.loads(self._path(market).read_text("utf-8"))
            if kept.get("day") != self._today(market).isoformat() \
                    or kept.get("language") not in ("zh", "en"):
                return None
            names = kept["names"]
            return kept["language"], {str(c): str(n) for c, n in names.items()}
        except (OSError, ValueError, KeyError, AttributeError, TypeError):
            return None

    def _write(self, market: Market, language: str, names: Mapping[str, str]) -> None:
        path = self._path(market)
        tmp = path.with_suffix(".tmp")
        text = json.dumps({"day": self._today(market).isoformat(), "language": language,
                           "names": dict(names)}, ensure_ascii=False)
        try:
            self.folder.mkdir(parents=True, exist_ok=True)  # type: ignore[union-attr]
            tmp.write_text(text, "utf-8")
            os.replace(tmp, path)
        except OSError as exc:  # names come again tomorrow: not worth failing for
            log.info("futu names of %s not kept in %s: %s", market.value, path, exc)
            with contextlib.suppress(OSError):
                tmp.unlink()
