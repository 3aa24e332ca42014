"""Drill: a gateway SIGKILLed under 50 streaming clients and restarted on the same port.

A desk's set-up: a "front" gateway (the one killed) serves 50 clients and takes its data
from an upstream gateway (`--source gateway://...`, a simulator that keeps running), so
the data go on across the restart instead of the simulator starting its day over.
40 clients are AsyncQuoteContext subscriptions, 10 are gateway:// feeds; each feeds its
batches to its own AlertEngine (">" and "<" rules at the values of its first snapshot,
no cooldown, no hysteresis), the way the window and `flowdeck watch` do: a snapshot is
a baseline.

Asserted: every client reconnects exactly once and receives a snapshot and updates
again; none raises; each says "reconnecting" with the reason while the gateway is
down; and the alerts are exactly those of the values each client saw, so nothing fires
twice across the reconnect (the snapshot after it fires nothing) and no crossing seen
while connected is lost.
"""

from __future__ import annotations

import asyncio
import json
import statistics
import time
from collections import defaultdict
from dataclasses import dataclass, field

import pytest

from flowdeck.api import AsyncQuoteContext
from flowdeck.api.stream import Backoff, ConnectionState, Subscription
from flowdeck.core.alert_rules import Op, Rule
from flowdeck.core.alerts import AlertEngine
from flowdeck.core.batch import Batch
from flowdeck.core.coalesce import snapshot_codes
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.feeds.gateway import GatewayFeed
from tests.gateway_proc import GatewayProcess

# A test that starts a process, a display server or real sockets and servers: the e2e tier.
pytestmark = pytest.mark.e2e

CODES = ["HK.00700", "HK.09988", "US.AAPL", "SH.600519", "SZ.000001"]
FIELDS = ["main_net_inflow", "super_net_inflow", "small_net_inflow", "main_net_inflow_ratio"]
N_CONTEXTS, N_FEEDS = 40, 10
UPDATES_WANTED = 2          # update batches each client must see before and after
_COL = {f: NUMERIC_KEYS.index(f) for f in FIELDS}


@dataclass
class Client:
    """One streaming client and what it saw."""
    name: str
    sub: Subscription
    states: list[ConnectionState] = field(default_factory=list)
    engine: AlertEngine | None = None
    thresholds: dict[tuple[str, str], float] = field(default_factory=dict)
    # (code, field) -> [(value, was a baseline, update_time)] in the order evaluated
    seen: dict[tuple[str, str], list[tuple[float, bool, str]]] = \
        field(default_factory=lambda: defaultdict(list))
    fired: list[tuple[str, str, str, int]] = field(default_factory=list)
    snapshots: int = 0
    updates_since_snapshot: int = 0
    fired_on_snapshots: int = 0
    live_at: list[float] = field(default_factory=list)   # monotonic time of each snapshot

    def apply(self, batch: Batch) -> None:
        cols = batch.record_columns()
        if self.engine is None:
            # Rules at this snapshot's values: the first move either way is a crossing.
            rules = []
            for j, code in enumerate(cols.codes):
                for f in FIELDS:
                    t = float(cols.values[j, _COL[f]])
                    self.thresholds[(code, f)] = t
                    for op in (Op.GT, Op.LT):
                        rules.append(Rule(f"code:{code}", f, op, t, cooldown_s=0.0))
            self.engine = AlertEngine(rules)
        baseline = snapshot_codes(batch) if batch.snapshot else set()
        alerts = self.engine.evaluate(cols, time.monotonic(), baseline)
        for j, code in enumerate(cols.codes):
            for f in FIELDS:
                self.seen[(code, f)].append((float(cols.values[j, _COL[f]]),
                                             code in baseline, cols.update_times[j]))
        for a in alerts:
            self.fired.append((a.code, a.field, a.rule.op.value,
                               len(self.seen[(a.code, a.field)]) - 1))
        if batch.snapshot:
            self.snapshots += 1
            self.updates_since_snapshot = 0
            self.fired_on_snapshots += len(alerts)
            self.live_at.append(time.monotonic())
        elif cols.codes:
            self.updates_since_snapshot += 1

    def expected_alerts(self) -> list[tuple[str, str, str, int]]:
        """What the engine must fire for the values seen: `>` at value i when value i-1
        <= t < value i, `<` when value i-1 >= t > value i; never at a baseline."""
        out = []
        for (code, f), values in self.seen.items():
            t = self.thresholds.get((code, f))
            if t is None:
                continue
            for i in range(1, len(values)):
                before, (now, base, _) = values[i - 1][0], values[i]
                if base:
                    continue
                if before <= t < now:
                    out.append((code, f, ">", i))
                if before >= t > now:
                    out.append((code, f, "<", i))
        return out


async def _consume(client: Client) -> None:
    async for batch in client.sub:
        client.apply(batch)


async def _until(predicate, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        await asyncio.sleep(0.05)


def _ready(clients: list[Client], since: float) -> bool:
    """Every client has had a snapshot after `since` and updates after its last one
    (a gateway may send a code's snapshot again when its own source restarts)."""
    return all(c.live_at and c.live_at[-1] >= since
               and c.updates_since_snapshot >= UPDATES_WANTED for c in clients)


async def _drill(front: GatewayProcess) -> dict:
    contexts = [AsyncQuoteContext(port=front.port, timeout=5) for _ in range(N_CONTEXTS)]
    feeds = [GatewayFeed("127.0.0.1", front.port, timeout=5) for _ in range(N_FEEDS)]
    clients: list[Client] = []
    for i, ctx in enumerate(contexts):
        client = Client(f"ctx{i}", None)  # type: ignore[arg-type]
        client.sub = ctx.subscribe(CODES, on_state=client.states.append,
                                   backoff=Backoff(first=0.1, factor=2.0, cap=1.0))
        clients.append(client)
    for i, feed in enumerate(feeds):
        client = Client(f"feed{i}", None)  # type: ignore[arg-type]
        feed.on_state = client.states.append
        client.sub = feed.updates(CODES)  # type: ignore[assignment]
        clients.append(client)
    tasks = [asyncio.create_task(_consume(c), name=c.name) for c in clients]
    try:
        await _until(lambda: _ready(clients, 0.0), 40, "every client's first data")
        killed = time.monotonic()
        await asyncio.to_thread(front.kill)
        await _until(lambda: all(c.sub.state.state in ("reconnecting", "connecting")
                                 and c.states[-1].error for c in clients), 20,
                     "every client to notice")
        await asyncio.sleep(0.3)
        assert not any(t.done() for t in tasks), "a consumer ended while the gateway was down"
        restarting = time.monotonic()
        await asyncio.to_thread(front.start)
        healthy = time.monotonic()
        await _until(lambda: _ready(clients, restarting), 45,
                     "every client's data after the restart")
    finally:
        for ctx in contexts:
            await ctx.close()
        for feed in feeds:
            await feed.aclose()
        done = await asyncio.wait_for(asyncio.gather(*tasks, return_exceptions=True), 10)
    crashes = {c.name: repr(r) for c, r in zip(clients, done, strict=True) if r is not None}
    assert not crashes, crashes

    # From starting the new gateway process to each client's snapshot from it.
    recovery = [next(t for t in c.live_at if t >= restarting) - restarting for c in clients]
    for c in clients:
        assert c.sub.reconnects == 1, (c.name, c.sub.reconnects)
        words = [s.state for s in c.states]
        assert "reconnecting" in words and words[-1] == "closed", (c.name, words)
        down = next(s for s in c.states if s.state == "reconnecting")
        assert down.error and f"127.0.0.1:{front.port}" in down.error, down
        # No duplicate, no loss: the engine fired exactly what the values call for.
        assert sorted(c.fired) == sorted(c.expected_alerts()), c.name
        assert c.fired_on_snapshots == 0, c.name
        # Each crossing once: no two alerts for one record of one rule.
        keys = [(code, f, op, c.seen[(code, f)][i][2]) for code, f, op, i in c.fired]
        assert len(keys) == len(set(keys)), c.name
        # The data went on: no update time went back across the restart.
        for (code, _f), values in c.seen.items():
            times = [t for _, _, t in values]
            assert times == sorted(times), (c.name, code)
    alerts = sum(len(c.fired) for c in clients)
    assert alerts > 0, "no crossing at all: the drill proved nothing about alerts"
    return {"clients": len(clients), "reconnects": sum(c.sub.reconnects for c in clients),
            "attempts": sum(sum(s.state == "reconnecting" for s in c.states)
                            for c in clients),
            "alerts": alerts,
            "down_s": round(restarting - killed, 3),
            "gateway_start_s": round(healthy - restarting, 3),
            "recovery_median_s": round(statistics.median(recovery), 3),
            "recovery_max_s": round(max(recovery), 3)}


@pytest.mark.timeout(150)
def test_gateway_sigkill_and_restart_under_50_clients():
    upstream = GatewayProcess(source="sim?speed=20&interval=0.2").start()
    front = GatewayProcess(source=f"gateway://127.0.0.1:{upstream.port}")
    try:
        front.start()
        figures = asyncio.run(_drill(front))
    finally:
        front.stop()
        upstream.stop()
    print(json.dumps({"drill": "gateway_sigkill_50_clients", **figures}))
