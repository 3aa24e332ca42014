"""Futu days saved without turnover are filled in by a later backfill, end to end: the
real futu-api SDK against tests/support/fake_opend/, into a real archive file. With the
account's K-line quota used up the days are saved complete with turnover unknown (NULL,
ratios unknown in the archive's day matrix and in the history answer); a later run asks
for them again only for the codes the quota allows then (none: no request at all),
and gets their turnover and close with the same nets. Skipped when futu-api is not
installed.

pytest-asyncio is not used: each run has its own loop (tests/support's run)."""

import datetime as dt

import numpy as np
import pytest

from flowdeck.feeds.futu import sdk as futu_sdk

if not futu_sdk.installed():
    pytest.skip(f"futu-api is not installed ({futu_sdk.INSTALL_HINT})", allow_module_level=True)

from flowdeck.core.history_query import history_list
from flowdeck.core.quota import QuotaPolicy
from flowdeck.core.records import ratio
from flowdeck.feeds.futu.past_days import FutuPastDays
from flowdeck.live.backfill import Backfill
from flowdeck.storage.archive import Archive
from tests.support.fake_opend import (
    CAPITAL_FLOW,
    HISTORY_KL,
    HISTORY_KL_QUOTA,
    day_kline,
    day_nets,
)
from tests.support.waiting import run

CODES = ["HK.00700", "US.AAPL", "SZ.000001"]
DAYS = 5
FAST = QuotaPolicy(window=0.3, slack=0.01)   # OpenD's quota in a hundredth of the time


def backfill(fake, path, **options):
    """One backfill run of CODES x DAYS into the archive at `path`, as `flowdeck
    backfill` does it: (progress, the source's no_turnover, identity)."""
    async def go():
        past = FutuPastDays.open("127.0.0.1", fake.port, policy=FAST, **options)
        try:
            identity = await past.identity()
            with Archive.open(path, identity) as archive:
                progress = await Backfill(past, archive, CODES, DAYS).run()
        finally:
            await past.aclose()
        return progress, dict(past.no_turnover), identity

    return run(go(), 30)


def stored(path, identity) -> dict[str, list]:
    with Archive.open(path, identity) as archive:
        return {c: archive.days(c) for c in CODES}


def day_requests(fake) -> list[str]:
    return [r.code for r in fake.capital_requests(CAPITAL_FLOW)]


def kline_requests(fake) -> list[str]:
    return [r.code for r in fake.requests if r.proto == HISTORY_KL]


def test_days_saved_without_turnover_are_refilled_when_the_k_line_quota_allows(
        fake, tmp_path):
    path = tmp_path / "archive.sqlite"
    fake.kline_quota = 0
    first, no_turnover, identity = backfill(fake, path)
    assert first.finished and first.saved == len(CODES) * DAYS
    assert set(no_turnover) == set(CODES)
    before = stored(path, identity)
    for code, days in before.items():
        assert len(days) == DAYS
        for d in days:
            assert d.complete and d.turnover is None and d.close is None
            assert d.net == tuple(day_nets(fake.seed, code, d.day).tolist())
        for period in history_list(days, "day", dt.date.max):
            assert period["main_net_inflow"] is not None
            assert period["main_net_inflow_ratio"] is None        # shown as unknown
    with Archive.open(path, identity) as archive:
        matrix = archive.matrix(CODES)
    # The multi-day columns' matrix: every net there, every turnover unknown.
    assert np.isfinite(matrix.net).sum() == len(CODES) * DAYS * 4
    assert np.isnan(matrix.turnover).all()

    # Still no K-line quota: nothing is asked for again, not even the nets.
    asked = len(day_requests(fake))
    second, _, _ = backfill(fake, path)
    assert second.finished and (second.skipped, second.saved) == (len(CODES) * DAYS, 0)
    assert len(day_requests(fake)) == asked and kline_requests(fake) == []

    # Quota for two codes: the first two asked for are asked again (nets and K-lines).
    fake.kline_quota = 2
    third, no_turnover, _ = backfill(fake, path)
    assert third.finished and (third.skipped, third.saved) == (DAYS, 2 * DAYS)
    assert sorted(day_requests(fake)[asked:]) == sorted(kline_requests(fake)) \
        == ["HK.00700", "US.AAPL"]
    assert no_turnover == {}
    after = stored(path, identity)
    for code in ("HK.00700", "US.AAPL"):
        for old, new in zip(before[code], after[code], strict=True):
            turnover, close = day_kline(fake.seed, code, new.day)
            assert (new.day, new.net, new.complete) == (old.day, old.net, True)
            assert (new.turnover, new.close) == (turnover, close)
            assert new.record_dict()["main_net_inflow_ratio"] == \
                ratio(new.net[0] + new.net[1], turnover)
    assert all(d.turnover is None for d in after["SZ.000001"])

    # The last code's turn; the two refilled ones are left alone.
    fake.kline_quota = 1
    fourth, _, _ = backfill(fake, path)
    assert (fourth.skipped, fourth.saved) == (2 * DAYS, DAYS)
    assert day_requests(fake)[asked + 2:] == ["SZ.000001"]
    assert all(d.turnover == day_kline(fake.seed, "SZ.000001", d.day)[0]
               for d in stored(path, identity)["SZ.000001"])


def test_when_opend_cannot_say_the_k_line_quota_nothing_is_asked_again(fake, tmp_path):
    path = tmp_path / "archive.sqlite"
    fake.kline_quota = 0
    backfill(fake, path)
    asked = len(day_requests(fake))
    fake.kline_quota = 10
    fake.stall.add(HISTORY_KL_QUOTA)         # read, never answered
    progress, _, identity = backfill(fake, path, timeout=0.4)
    assert progress.finished and (progress.skipped, progress.saved) == (len(CODES) * DAYS, 0)
    assert len(day_requests(fake)) == asked and kline_requests(fake) == []
    assert all(d.turnover is None for days in stored(path, identity).values() for d in days)
