"""The backfill: a source's past days into the archive, whatever the source (issue 19).

    backfill = Backfill(SimPastDays(seed=7), archive, ["HK.00700", "US.AAPL"], days=20,
                        on_progress=show)
    done = await backfill.run()     # from any asyncio loop; backfill.cancel() stops it

The source is a core.past_days.PastDays (the simulator and a replay file now; Futu and
an upstream gateway later); the sink anything with the archive's `save` and `days`
(DaySink). For each code it asks the source for its market's last `days` trading days,
skips the code-days the sink already holds complete, and saves the rest as the source
hands them out, part by part, in a worker thread (the archive's writes never run on the
loop's thread, which may be the GUI's). A complete day held without its turnover (Futu's
DAY nets saved while the account's K-line quota was used up) is asked for again when the
source can give that turnover now (RefillsTurnover): its nets come again with it.

Progress is done / total code-days, reported after the sink was read and after each
part is saved: a code-day already complete counts as done, as does one the source has
nothing for. Stopping (`cancel()`, or cancelling the task) keeps what was saved: a save
under way finishes first, so the archive is never left with half a part by the driver.
A second run skips what the first saved and does only the rest.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable, Sequence
from contextlib import aclosing
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from ..core.codes import Market, normalise_code
from ..core.day_flow import DayFlow
from ..core.markets import market_of
from ..core.past_days import CodeDay, PastDays

log = logging.getLogger("flowdeck.live.backfill")


class DaySink(Protocol):
    """What the backfill needs of the archive (storage.archive.Archive has it)."""

    def save(self, days: Sequence[DayFlow]) -> object: ...

    def days(self, code: str, start: dt.date, end: dt.date) -> list[DayFlow]: ...


@runtime_checkable
class RefillsTurnover(Protocol):
    """A source that may give later a day's turnover it could not give when the day
    was saved (Futu: day K-lines, under the account's K-line quota)."""

    async def turnover_codes(self, codes: Sequence[str]) -> set[str]:
        """Which of these codes' turnover the source can give in a run now (none when
        it cannot tell)."""
        ...


@dataclass(frozen=True, slots=True)
class BackfillProgress:
    done: int          # code-days settled: already complete, saved, or not at the source
    total: int         # code-days asked for
    saved: int = 0     # code-days written by this run
    skipped: int = 0   # code-days the sink already held complete
    cancelled: bool = False

    @property
    def finished(self) -> bool:
        return self.done >= self.total and not self.cancelled


class Backfill:
    """One backfill run of `codes` over their markets' last `days` trading days. Not
    reusable: a new run (to resume) is a new Backfill."""

    def __init__(self, source: PastDays, sink: DaySink, codes: Sequence[str], days: int,
                 on_progress: Callable[[BackfillProgress], None] | None = None) -> None:
        if days < 0:
            raise ValueError(f"days must be >= 0, got {days}")
        self.source = source
        self.sink = sink
        self.codes = list(dict.fromkeys(normalise_code(c) for c in codes))
        self.days = int(days)
        self._on_progress = on_progress
        self._stopped = False
        self.progress = BackfillProgress(0, 0)

    def cancel(self) -> None:
        """Stop after the part being saved."""
        self._stopped = True

    async def run(self) -> BackfillProgress:
        """Backfill until done or cancelled; the last progress."""
        wanted = await self._wanted()
        total = sum(len(d) for d in wanted.values())
        complete, no_turnover = await asyncio.to_thread(_complete_in, self.sink, wanted)
        if no_turnover and isinstance(self.source, RefillsTurnover):
            lacking = {c for c, _ in no_turnover}
            refill = await self.source.turnover_codes([c for c in self.codes if c in lacking])
            complete -= {(c, d) for c, d in no_turnover if c in refill}
        todo = {c: [d for d in days if (c, d) not in complete] for c, days in wanted.items()}
        todo = {c: days for c, days in todo.items() if days}
        skipped = total - sum(len(d) for d in todo.values())
        self._report(BackfillProgress(skipped, total, 0, skipped))
        if not todo or self._stopped:
            return self._finish()
        open_pairs = {(c, d) for c, days in todo.items() for d in days}
        async with aclosing(self.source.past_days(todo)) as parts:
            async for part in parts:
                settled = [p for p in part.settled if p in open_pairs]
                fresh = [d for d in part.days if (d.code, d.day) in open_pairs]
                if fresh:
                    await _finish_saving(asyncio.to_thread(self.sink.save, fresh))
                open_pairs.difference_update(settled)
                p = self.progress
                self._report(BackfillProgress(p.done + len(settled), total,
                                              p.saved + len(fresh), skipped))
                if self._stopped:
                    break
        return self._finish()

    async def _wanted(self) -> dict[str, list[dt.date]]:
        by_market: dict[Market, list[dt.date]] = {}
        for market in dict.fromkeys(market_of(c) for c in self.codes):
            by_market[market] = list(await self.source.trading_days(market, self.days))
        return {c: by_market[market_of(c)] for c in self.codes}

    def _finish(self) -> BackfillProgress:
        p = self.progress
        if self._stopped and p.done < p.total:
            self._report(BackfillProgress(p.done, p.total, p.saved, p.skipped, True))
            log.info("backfill stopped at %d of %d code-days (%d saved)", p.done, p.total,
                     p.saved)
        return self.progress

    def _report(self, progress: BackfillProgress) -> None:
        self.progress = progress
        if self._on_progress is not None:
            self._on_progress(progress)


def _complete_in(sink: DaySink, wanted: dict[str, list[dt.date]]
                 ) -> tuple[set[CodeDay], set[CodeDay]]:
    """The wanted code-days the sink holds complete, and those of them held without
    their turnover (one read per code)."""
    complete: set[CodeDay] = set()
    no_turnover: set[CodeDay] = set()
    for code, days in wanted.items():
        if days:
            asked = set(days)
            for d in sink.days(code, min(days), max(days)):
                if d.complete and d.day in asked:
                    complete.add((code, d.day))
                    if d.turnover is None:
                        no_turnover.add((code, d.day))
    return complete, no_turnover


async def _finish_saving(save) -> None:
    """Await a save in its thread; cancelled meanwhile, wait for it to end (its
    transaction commits or fails whole) and then stop."""
    task = asyncio.ensure_future(save)
    try:
        await asyncio.shield(task)
    except asyncio.CancelledError:
        await asyncio.wait([task])
        raise
