"""The `futu://host:port` source through the real futu-api SDK against tests/support/fake_opend/:
records and history equal what the fake served (main = super + big, ratios over the
tiers' turnover), per-code errors, a new trading day, timeouts, and a dropped connection
that comes back. Skipped when futu-api is not installed.

pytest-asyncio is not used: each test runs its own loop with asyncio.run."""

import socket
import threading
import time

import numpy as np
import pytest

from flowdeck.feeds.futu import sdk as futu_sdk

if not futu_sdk.installed():
    pytest.skip(f"futu-api is not installed ({futu_sdk.INSTALL_HINT})", allow_module_level=True)

from flowdeck.core.coalesce import snapshot_codes
from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.core.history import IntradayHistory
from flowdeck.core.markets import MARKETS, market_of, trading_minute
from flowdeck.core.quota import QuotaPolicy
from flowdeck.core.records import SERIES_NAMES
from flowdeck.feeds.futu.feed import FutuFeed
from tests.support.fake_opend import CAPITAL_DISTRIBUTION, CAPITAL_FLOW
from tests.support.waiting import run
from tests.support.waiting import wait_until as until

CODES = ["HK.00700", "US.AAPL", "SH.600519", "SZ.000001"]
# OpenD's quota in a tenth of the time: refreshes come every 0.11 s instead of 1.1 s.
# These tests are about the data; the quota as OpenD counts it is test_quota.py's.
QUICK = QuotaPolicy(window=3.0, slack=0.1)
# OpenD's own pace for the tests of a snapshot: its burst of new codes has 1.1 s before
# the first paced refresh asks for one of them again. At QUICK's 0.11 s a loaded
# machine's first answers came later (CI: a code asked for twice during one snapshot,
# its second answer taken for an update).
BRISK = QuotaPolicy()


def check_record(batch, fake, code: str) -> None:
    """The record and detail of `code` are exactly what the fake served."""
    day = fake.served[(CAPITAL_DISTRIBUTION, code)]
    rec, det = batch.records[code], batch.details[code]
    cin, cout = day.cum_in[-1], day.cum_out[-1]
    turnover = float(cin.sum() + cout.sum())
    nets = {name: float(cin[i]) - float(cout[i])
            for i, name in enumerate(("super", "large", "medium", "small"))}
    assert rec.update_time == day.update_time
    for name, value in nets.items():
        assert getattr(rec, f"{name}_net_inflow") == pytest.approx(value, rel=1e-12)
    assert rec.main_net_inflow == rec.super_net_inflow + rec.large_net_inflow  # exactly
    assert rec.retail_net_inflow == rec.medium_net_inflow + rec.small_net_inflow
    for series in SERIES_NAMES:
        net = getattr(rec, f"{series}_net_inflow")
        assert getattr(rec, f"{series}_net_inflow_ratio") == pytest.approx(net / turnover)
        assert -1 <= getattr(rec, f"{series}_net_inflow_ratio") <= 1
    assert det.turnover == pytest.approx(turnover)
    assert det.inflow == pytest.approx(tuple(cin)) and det.outflow == pytest.approx(tuple(cout))


def expected_series(flow_day) -> np.ndarray:
    """(minutes, 6) main, retail, super, large, medium, small as the fake served them."""
    net = flow_day.net
    return np.column_stack([net[:, 0] + net[:, 1], net[:, 2] + net[:, 3], net])


def check_points(points, fake, code: str) -> None:
    """`points` hold `code`'s whole day so far, exactly as the fake served it."""
    flow_day = fake.served[(CAPITAL_FLOW, code)]
    pick = [i for i, c in enumerate(points.codes) if c == code]
    minutes, values = points.minutes[pick], points.values[pick]
    want_minutes = [int(trading_minute(flow_day.market, int(t[11:13]) * 3600
                                       + int(t[14:16]) * 60))
                    for t in (flow_day.minute_time(i) for i in range(flow_day.minutes))]
    assert minutes.tolist() == want_minutes == list(range(flow_day.minutes))
    np.testing.assert_allclose(values, expected_series(flow_day).astype(np.float32),
                               rtol=1e-6)


class Consumer:
    """What the window does with batches: records kept, snapshot codes' days restarted,
    minute points written into an IntradayHistory."""

    def __init__(self) -> None:
        self.history = IntradayHistory()
        self.records: dict = {}
        self.errors: dict = {}
        self.snapshots: list[set[str]] = []

    def apply(self, batch) -> None:
        for code in [*batch.records, *batch.errors, *batch.points.codes]:
            if code not in self.history:
                self.history.add(code, market_of(code))
        if batch.snapshot:
            covered = snapshot_codes(batch)
            self.snapshots.append(covered)
            for code in covered:
                self.history.clear(code)
        self.history.apply(batch.points)
        self.records.update(batch.records)
        self.errors.update(batch.errors)
        for code in batch.records:
            self.errors.pop(code, None)

    def check(self, fake, code: str) -> None:
        flow_day = fake.served[(CAPITAL_FLOW, code)]
        series = self.history.series(code)
        got = series[:, : flow_day.minutes].T.astype(np.float64)
        want = expected_series(flow_day)
        np.testing.assert_allclose(got[:, 2:], want[:, 2:], rtol=1e-6)  # the tiers
        # The history stores only the tiers (float32) and derives main = super + large,
        # retail = medium + small when read: where the two nearly cancel, 1e-6 of the
        # sum is less than the tiers' own float32 rounding, so the tolerance is 1e-6 of
        # the two tiers' magnitudes (what rtol=1e-6 allows each tier above).
        tol = 1e-6 * np.column_stack([abs(want[:, 2]) + abs(want[:, 3]),
                                      abs(want[:, 4]) + abs(want[:, 5])])
        assert (abs(got[:, :2] - want[:, :2]) <= tol).all()
        assert np.isnan(series[:, flow_day.minutes:]).all()
        # The last minute agrees with the record (both are the day so far).
        assert series[0, flow_day.minutes - 1] == pytest.approx(
            self.records[code].main_net_inflow, abs=tol[-1, 0])


def test_snapshot_records_and_history_are_what_opend_served(fake):
    fake.no_super.add("SZ.000001")  # OpenD leaves super out for some stocks

    async def go():
        feed = FutuFeed("127.0.0.1", fake.port, policy=BRISK)
        try:
            return await feed.snapshot(CODES)
        finally:
            await feed.aclose()

    batch = run(go())
    assert batch.snapshot and not batch.errors
    assert list(batch.records) == CODES
    for code in CODES:
        check_record(batch, fake, code)
        check_points(batch.points, fake, code)  # the whole day at once
    no_super = batch.records["SZ.000001"]
    assert no_super.super_net_inflow == 0.0 and no_super.super_net_inflow_ratio == 0.0
    assert no_super.main_net_inflow == no_super.large_net_inflow != 0.0
    assert set(batch.markets) == {"HK", "US", "SH", "SZ"}
    # One request of each method per code, nothing else.
    assert sorted(r.code for r in fake.capital_requests(CAPITAL_FLOW)) == sorted(CODES)
    assert sorted(r.code for r in fake.capital_requests(CAPITAL_DISTRIBUTION)) == sorted(CODES)


def test_updates_carry_what_changed_and_an_error_stays_with_its_code(fake):
    consumer = Consumer()

    async def go():
        feed = FutuFeed("127.0.0.1", fake.port, policy=BRISK)
        try:
            consumer.apply(await feed.snapshot(CODES))
            fake.progress = 0.6                      # time passes at the exchange
            fake.fail["US.AAPL"] = (-1, "no quote right for US.AAPL")
            seen = set()
            async for batch in feed.updates(CODES):
                # Not snapshots: the alert engine would take them as a baseline.
                assert not batch.snapshot
                consumer.apply(batch)
                if batch.errors:
                    assert not batch.records and not len(batch.points)  # history kept
                for code in batch.records:
                    check_record(batch, fake, code)
                    # Only the minutes the day gained since the snapshot.
                    old = round(0.5 * MARKETS[market_of(code)].session_minutes)
                    assert batch.points.codes.count(code) == fake.day(code).minutes - old
                    consumer.check(fake, code)
                    seen.add(code)
                if seen >= {"HK.00700", "SH.600519", "SZ.000001"} and consumer.errors:
                    return feed.ages()
        finally:
            await feed.aclose()

    ages = run(go())
    assert list(consumer.errors) == ["US.AAPL"]
    number, message = consumer.errors["US.AAPL"]
    assert number == 1016 and "no quote right for US.AAPL" in message
    assert set(ages) == set(CODES) and all(a is not None and a < 30 for a in ages.values())
    # US.AAPL keeps what the snapshot gave it.
    assert consumer.records["US.AAPL"].update_time.endswith(":59")
    assert consumer.history.last_minute("US.AAPL") == round(0.5 * 390) - 1


def test_a_new_trading_day_replaces_the_history_of_its_code(fake):
    consumer = Consumer()

    async def go():
        feed = FutuFeed("127.0.0.1", fake.port, policy=QUICK)
        try:
            consumer.apply(await feed.snapshot(["HK.00700"]))
            fake.date, fake.progress = "2031-01-02", 0.05   # the next morning
            async for batch in feed.updates(["HK.00700"]):
                consumer.apply(batch)
                if batch.records:
                    return batch
        finally:
            await feed.aclose()

    batch = run(go())
    assert batch.snapshot and consumer.snapshots[-1] == {"HK.00700"}
    assert consumer.records["HK.00700"].update_time.startswith("2031-01-02 09:")
    consumer.check(fake, "HK.00700")  # the old day's later minutes are gone


def test_a_dropped_connection_comes_back_and_data_resumes(fake):
    states = []

    async def go():
        feed = FutuFeed("127.0.0.1", fake.port, policy=QUICK)
        feed.on_state = lambda s: states.append(s.state)
        try:
            await feed.snapshot(CODES)
            it = feed.updates(CODES)
            await anext(it)
            fake.drop_connections()
            # ~2 s alone; 10 s ran out once on a machine running three test processes
            await until(lambda: "reconnecting" in states, 20)
            before = feed.refreshes
            fake.progress = 0.7
            while True:  # data resumes, from the new connection
                batch = await anext(it)
                if batch.records and feed.refreshes > before:
                    code = next(iter(batch.records))
                    check_record(batch, fake, code)
                    break
            await it.aclose()
            return feed.state.state
        finally:
            await feed.aclose()

    assert run(go()) == "live"
    assert fake.connections >= 2 * 2  # a probe and the SDK's connection, twice
    assert states[0] == "live" and states.index("reconnecting") < len(states) - 1
    assert states[-1] == "closed"
    assert {r.conn for r in fake.capital_requests()} >= {2, 4}


def test_a_request_without_answer_is_a_1016_for_its_code(fake):
    async def go():
        feed = FutuFeed("127.0.0.1", fake.port, timeout=1.0, wait=5.0, policy=QUICK)
        try:
            first = await feed.snapshot(["HK.00700"])
            fake.silent = True
            errors = {}
            async for batch in feed.updates(["HK.00700"]):
                errors.update(batch.errors)
                if errors:
                    return first, errors
        finally:
            await feed.aclose()

    first, errors = run(go())
    assert "HK.00700" in first.records
    assert errors["HK.00700"][0] == 1016 and "no answer within 1 s" in errors["HK.00700"][1]


def test_nothing_listening_is_a_1016_at_once():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]

    async def go():
        feed = FutuFeed("127.0.0.1", port)
        try:
            await feed.snapshot(["HK.00700"])
        finally:
            await feed.aclose()

    started = time.monotonic()
    with pytest.raises(FlowDeckError) as info:
        run(go())
    assert time.monotonic() - started < 3
    assert info.value.code == ErrorCode.GET_CAPITAL_FLOW_FAILED
    assert "cannot connect to Futu OpenD" in info.value.message
    assert "is FutuOpenD running" in info.value.message


def test_a_peer_that_never_answers_the_handshake_times_out():
    # Accepts and reads, never writes: without is_async_connect the SDK would wait here.
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen()
    held = []

    def accept() -> None:
        while True:
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            held.append(conn)

    threading.Thread(target=accept, daemon=True).start()

    async def go():
        feed = FutuFeed("127.0.0.1", listener.getsockname()[1], timeout=1.0)
        try:
            await feed.snapshot(["HK.00700"])
        finally:
            await feed.aclose()

    try:
        with pytest.raises(FlowDeckError) as info:
            run(go(), 20)
    finally:
        listener.close()
        for conn in held:
            conn.close()
    assert info.value.code == ErrorCode.GET_CAPITAL_FLOW_FAILED
    assert "did not complete the handshake within 1 s" in info.value.message
