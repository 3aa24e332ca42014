"""Which archive a source's days belong to, and who can fill it with past days.

Every archive read and write is for a source identity: simulated, replayed and real
days never mix. The simulator's days depend on its seed only (not its speed), a
replay's on its file; Futu's on OpenD's logged-in account (known once connected), an
upstream gateway's on that gateway's own source.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..core.errors import source_failed
from ..core.past_days import PastDays
from ..core.redact import redact_source
from .registry import check_source, split_source


@dataclass(frozen=True, slots=True)
class HistorySource:
    identity: str           # the archive's key for this source's days
    past_days: PastDays     # what a backfill asks


def history_source(url: str) -> HistorySource:
    """The archive identity and past-days producer of a source URL (1001 for a URL
    FlowDeck cannot open; 1016 for a source that cannot backfill here)."""
    url = check_source(url)
    scheme, _, options = split_source(url)
    if scheme == "sim":
        from .sim.feed import parse_sim_options
        from .sim.past_days import SimPastDays
        seed = int(parse_sim_options(options).get("seed", 0))
        return HistorySource(f"sim:seed={seed}", SimPastDays(seed=seed))
    if scheme == "replay":
        from .replay.feed import parse_replay_source
        from .replay.past_days import ReplayPastDays
        path = parse_replay_source(url).path.resolve()
        return HistorySource(f"replay:{path}", ReplayPastDays(path))
    raise source_failed(f"past days from {redact_source(url)!r} are not available here yet: "
                        "backfill from sim or a replay file", "history.source")
