"""Gateway load benchmark with malformed requests mixed in; prints ONE JSON line.

    PYTHONPATH=gui python tests/bench/load_bench.py [--rate 1000] [--duration 60] \
        [--connections 8] [--malformed-pct 1] [--seed 1]

The real gateway (`python -m flowdeck.server` on 127.0.0.1, tests/gateway_proc.py, sim
source) is driven open loop: request i is due at t0 + i / rate and is started then,
whatever the earlier ones are doing (an aiohttp client over `--connections` keep-alive
connections; a request waits for a free one, and that wait counts in its latency).
Bounded: exactly rate x duration requests, and whatever has not finished 30 s after the
last was due is cancelled and counted as an error.

Good requests (a fixed universe of 400 codes, all four markets, snapshotted before
timing starts): GET and POST /v1/capital_flow with 1-100 codes, bare symbols with
`market=`, GET and POST /v1/capital_detail. Each must come back 200, ret_code 0, with
one item per code and no per-code errors. One in 100 (`--malformed-pct`) is malformed,
cycling through the kinds in MALFORMED, each with the answer the spec wants: a bad
code -> HTTP 400 ret_code 1002 naming the code; bad parameters, a broken or non-object
JSON body, a too long list, an unknown market, a body that does not decode (a gzip
Content-Encoding on plain bytes) -> 400 / 1001; an unknown path 404, a
wrong method 405, a too large body 413, each with ret_code 1001 in the envelope.

Keys: sent, good_sent, good_ok, good_errors (goal 0) and good_error_samples,
malformed_sent, malformed_right (the expected status and ret_code), malformed_wrong and
samples; latency_p50_ms, _p90_, _p99_, _max_ (good requests, from when each was due),
achieved_rps (answers / time from the first due to the last answer), send_lag_p99_ms
and send_lag_max_ms (how late the client started requests: when these are near the
latency figures, the client or the machine, not the gateway, set them), gateway_cpu_pct
and client_cpu_pct (100 = one core). Goals at 1,000/s: good_errors 0, malformed_wrong 0.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import json
import os
import random
import resource
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

import aiohttp

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]

from tests.gateway_proc import running_gateway  # noqa: E402

SOURCE = "sim?speed=20&interval=0.2"
UNIVERSE = 400
DRAIN_S = 30.0
REQUEST_TIMEOUT_S = 20.0


def universe(n: int = UNIVERSE) -> list[str]:
    out = []
    for i in range(n):
        k = i // 4 + 1
        out.append([f"HK.{k:05d}", f"SH.{600000 + k:06d}", f"SZ.{k:06d}",
                    "US." + chr(65 + k % 26) + chr(65 + k // 26 % 26) + "Q"][i % 4])
    return out


@dataclass
class Req:
    method: str
    path: str
    body: bytes | None = None
    want: tuple[int, int] = (200, 0)   # HTTP status, ret_code
    items: int = 0                     # good ones: codes in the answer
    kind: str = "good"
    names: str | None = None           # a bad code the message must name
    headers: dict[str, str] | None = None


def good_request(rng: random.Random, codes: list[str]) -> Req:
    pick = rng.random()
    n = rng.choice([1, 5, 10, 20, 50, 100])
    chosen = rng.sample(codes, n)
    if pick < 0.45:
        return Req("GET", "/v1/capital_flow?stock_list=" + ",".join(chosen), items=n)
    if pick < 0.60:
        hk = [c for c in codes if c.startswith("HK.")]
        bare = [c[3:].lstrip("0") or "0" for c in rng.sample(hk, min(n, len(hk)))]
        return Req("GET", "/v1/capital_flow?market=HK&stock_list=" + ",".join(bare),
                   items=len(bare))
    if pick < 0.80:
        return Req("POST", "/v1/capital_flow", json.dumps({"stock_list": chosen}).encode(),
                   items=n)
    few = chosen[:5]
    if pick < 0.90:
        return Req("GET", "/v1/capital_detail?stock_list=" + ",".join(few), items=len(few))
    return Req("POST", "/v1/capital_detail", json.dumps({"stock_list": few}).encode(),
               items=len(few))


def _bad(kind: str, method: str, path: str, body: bytes | None = None,
         want: tuple[int, int] = (400, 1001), names: str | None = None,
         headers: dict[str, str] | None = None) -> Req:
    return Req(method, path, body, want, kind=kind, names=names, headers=headers)


MALFORMED = [
    _bad("bad code", "GET", "/v1/capital_flow?stock_list=HK.00700,HK.ABC", want=(400, 1002),
         names="HK.ABC"),
    _bad("unknown prefix", "GET", "/v1/capital_flow?stock_list=XX.00700", want=(400, 1002),
         names="XX.00700"),
    _bad("bad code in POST", "POST", "/v1/capital_detail",
         json.dumps({"stock_list": ["US.AAPL", "SH.60051"]}).encode(), want=(400, 1002),
         names="SH.60051"),
    _bad("non-string code", "POST", "/v1/capital_flow", b'{"stock_list": [700]}',
         want=(400, 1002)),
    _bad("no stock_list", "GET", "/v1/capital_flow?codes=HK.00700"),
    _bad("unknown market", "GET", "/v1/capital_flow?stock_list=00700&market=JP"),
    _bad("code not in market", "GET", "/v1/capital_flow?stock_list=US.AAPL&market=HK"),
    _bad("empty list", "POST", "/v1/capital_flow", b'{"stock_list": []}'),
    _bad("list not a list", "POST", "/v1/capital_flow", b'{"stock_list": "HK.00700"}'),
    _bad("broken JSON", "POST", "/v1/capital_flow", b'{"stock_list": ["HK.00700"'),
    _bad("JSON not an object", "POST", "/v1/capital_detail", b'["HK.00700"]'),
    _bad("not UTF-8", "POST", "/v1/capital_flow", b'\xff\xfe{"stock_list"'),
    _bad("too many codes", "GET",
         "/v1/capital_flow?stock_list=" + ",".join(f"HK.{k:05d}" for k in range(1, 502))),
    _bad("bad path", "GET", "/v1/capital_flows?stock_list=HK.00700", want=(404, 1001)),
    _bad("bad path (no version)", "GET", "/capital_flow?stock_list=HK.00700",
         want=(404, 1001)),
    _bad("wrong method", "DELETE", "/v1/capital_flow?stock_list=HK.00700", want=(405, 1001)),
    _bad("body too large", "POST", "/v1/capital_flow",
         json.dumps({"stock_list": ["HK.00700"], "pad": "x" * 70_000}).encode(),
         want=(413, 1001)),
    # aiohttp drops the connection after a body it cannot decode: the client is told.
    _bad("undecodable body", "POST", "/v1/capital_flow", b'{"stock_list": ["HK.00700"]}',
         headers={"Content-Encoding": "gzip", "Connection": "close"}),
    _bad("percent junk", "GET", "/v1/capital_flow?stock_list=" + quote("HK.00700\x00"),
         want=(400, 1002), names="HK.00700"),
]


@dataclass
class Tally:
    good_sent: int = 0
    good_ok: int = 0
    good_errors: int = 0
    good_error_samples: list[str] = field(default_factory=list)
    malformed_sent: int = 0
    malformed_right: int = 0
    malformed_wrong: int = 0
    malformed_wrong_samples: list[str] = field(default_factory=list)
    malformed_kinds: dict[str, int] = field(default_factory=dict)
    latencies: list[float] = field(default_factory=list)
    last_answer: float = 0.0
    send_lags: list[float] = field(default_factory=list)

    def good_failed(self, text: str) -> None:
        self.good_errors += 1
        if len(self.good_error_samples) < 5:
            self.good_error_samples.append(text[:300])

    def malformed_failed(self, text: str) -> None:
        self.malformed_wrong += 1
        if len(self.malformed_wrong_samples) < 5:
            self.malformed_wrong_samples.append(text[:300])


def check(req: Req, status: int, body: bytes) -> str | None:
    """None when the answer is what `req` must get, else what is wrong."""
    try:
        envelope = json.loads(body)
    except ValueError:
        return f"{req.kind}: HTTP {status}, not JSON: {body[:100]!r}"
    if not isinstance(envelope, dict):
        return f"{req.kind}: HTTP {status}, not an envelope: {body[:100]!r}"
    got = (status, envelope.get("ret_code"))
    if got != req.want:
        return f"{req.kind} {req.method} {req.path[:80]}: got {got}, want {req.want}: " \
               f"{str(envelope.get('ret_msg'))[:150]}"
    if req.names and req.names not in str(envelope.get("ret_msg")):
        return f"{req.kind}: the message does not name {req.names}: {envelope.get('ret_msg')}"
    if req.kind == "good":
        data = envelope.get("data") or {}
        items = data.get("capital_flow_list", data.get("capital_detail_list"))
        if not isinstance(items, list) or len(items) != req.items or data.get("errors"):
            return f"good {req.path[:60]}: {len(items or [])} items of {req.items}, " \
                   f"errors {data.get('errors')}"
    return None


async def one(session: aiohttp.ClientSession, base: str, req: Req, due: float,
              tally: Tally) -> None:
    try:
        headers = dict(req.headers or {})
        if req.body is not None:
            headers.setdefault("Content-Type", "application/json")
        async with session.request(req.method, base + req.path, data=req.body,
                                   headers=headers) as resp:
            body = await resp.read()
            status = resp.status
    except (aiohttp.ClientError, TimeoutError) as exc:
        problem = f"{req.kind}: {type(exc).__name__}: {exc}"
    else:
        problem = check(req, status, body)
    now = time.perf_counter()
    tally.last_answer = max(tally.last_answer, now)
    if req.kind == "good":
        tally.latencies.append(now - due)
        if problem:
            tally.good_failed(problem)
        else:
            tally.good_ok += 1
    elif problem:
        tally.malformed_failed(problem)
    else:
        tally.malformed_right += 1


def cpu_of(pid: int) -> float:
    """CPU seconds of a process (user + system) from /proc."""
    with open(f"/proc/{pid}/stat") as f:
        fields = f.read().rpartition(")")[2].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def self_cpu() -> float:
    r = resource.getrusage(resource.RUSAGE_SELF)
    return r.ru_utime + r.ru_stime


def pct(sorted_values: list[float], q: float) -> float | None:
    if not sorted_values:
        return None
    i = min(len(sorted_values) - 1, round(q / 100 * (len(sorted_values) - 1)))
    return round(sorted_values[i] * 1000, 2)


async def drive(base: str, gateway_pid: int, rate: float, duration: float, connections: int,
                malformed_pct: float, seed: int, token: str | None = None) -> dict:
    rng = random.Random(seed)
    codes = universe()
    total = int(rate * duration)
    every = max(1, round(100 / malformed_pct)) if malformed_pct > 0 else 0
    plan: list[Req] = []
    for i in range(total):
        if every and i % every == every - 1:
            plan.append(MALFORMED[(i // every) % len(MALFORMED)])
        else:
            plan.append(good_request(rng, codes))
    connector = aiohttp.TCPConnector(limit=connections)
    timeout = aiohttp.ClientTimeout(total=REQUEST_TIMEOUT_S)
    # `token`: as a local client finds it, in the gateway's token file (api/token_file.py,
    # GatewayProcess.current_token).
    headers = {"Authorization": f"Bearer {token}"} if token else None
    async with aiohttp.ClientSession(connector=connector, timeout=timeout,
                                     headers=headers) as session:
        # Warm-up, not timed: every code of the universe snapshotted, connections open.
        for start in range(0, len(codes), 100):
            chunk = ",".join(codes[start:start + 100])
            async with session.get(f"{base}/v1/capital_flow?stock_list={chunk}") as resp:
                assert resp.status == 200, await resp.text()
        await asyncio.gather(*(one(session, base, good_request(rng, codes), time.perf_counter(),
                                   Tally()) for _ in range(connections * 4)))
        tally = Tally()
        tasks: list[asyncio.Task] = []
        gc.collect()
        gc.disable()  # the client's own collections would show as gateway latency
        cpu_gw0, cpu_me0 = cpu_of(gateway_pid), self_cpu()
        t0 = time.perf_counter() + 0.05
        sent = 0
        while sent < total:
            now = time.perf_counter()
            due_count = min(total, int((now - t0) * rate) + 1) if now >= t0 else 0
            while sent < due_count:
                due = t0 + sent / rate
                tally.send_lags.append(now - due)
                req = plan[sent]
                if req.kind == "good":
                    tally.good_sent += 1
                else:
                    tally.malformed_sent += 1
                    tally.malformed_kinds[req.kind] = tally.malformed_kinds.get(req.kind, 0) + 1
                tasks.append(asyncio.create_task(one(session, base, req, due, tally)))
                sent += 1
            await asyncio.sleep(min(0.002, max(0.0, t0 + sent / rate - time.perf_counter())))
        last_due = t0 + (total - 1) / rate
        _, pending = await asyncio.wait(tasks, timeout=max(0.1, last_due + DRAIN_S
                                                           - time.perf_counter()))
        gc.enable()
        for task in pending:
            task.cancel()
        for _ in pending:
            tally.good_failed("not answered within the drain time")  # counted as good
        wall = max(tally.last_answer, last_due) - t0
        cpu_gw, cpu_me = cpu_of(gateway_pid) - cpu_gw0, self_cpu() - cpu_me0
    lat = sorted(tally.latencies)
    return {
        "rate_target": rate, "duration_s": duration, "connections": connections,
        "sent": sent, "good_sent": tally.good_sent, "good_ok": tally.good_ok,
        "good_errors": tally.good_errors, "good_error_samples": tally.good_error_samples,
        "malformed_sent": tally.malformed_sent, "malformed_right": tally.malformed_right,
        "malformed_wrong": tally.malformed_wrong,
        "malformed_wrong_samples": tally.malformed_wrong_samples,
        "malformed_kinds": len(tally.malformed_kinds),
        "latency_p50_ms": pct(lat, 50), "latency_p90_ms": pct(lat, 90),
        "latency_p99_ms": pct(lat, 99), "latency_max_ms": pct(lat, 100),
        "achieved_rps": round((tally.good_ok + tally.good_errors + tally.malformed_right
                               + tally.malformed_wrong) / wall, 1),
        "send_lag_p99_ms": pct(sorted(tally.send_lags), 99),
        "send_lag_max_ms": pct(sorted(tally.send_lags), 100),
        "gateway_cpu_pct": round(cpu_gw / wall * 100, 1),
        "client_cpu_pct": round(cpu_me / wall * 100, 1),
        "unfinished": len(pending), "source": SOURCE,
    }


def main() -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--rate", type=float, default=1000.0, help="requests per second")
    p.add_argument("--duration", type=float, default=60.0, help="seconds of load")
    p.add_argument("--connections", type=int, default=8)
    p.add_argument("--malformed-pct", type=float, default=1.0)
    p.add_argument("--seed", type=int, default=1)
    a = p.parse_args()
    with running_gateway(source=SOURCE) as gw:
        assert gw.proc is not None
        result = asyncio.run(drive(gw.url, gw.proc.pid, a.rate, a.duration, a.connections,
                                   a.malformed_pct, a.seed, gw.current_token()))
        result["gateway_exit"] = gw.stop()
    print(json.dumps(result), flush=True)
    ok = result["good_errors"] == 0 and result["malformed_wrong"] == 0
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
