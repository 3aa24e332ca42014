"""flowdeck-gateway under attack (issue 17), on 127.0.0.1 only: prints ONE JSON line.

    python tests/bench/attack_bench.py [--scale 1.0] [--probes a,b,c,d] [--gui DIR]

Each probe starts a fresh gateway (sim source, a token in FLOWDECK_TOKEN), runs the
attack from a process of its own (attack_clients.py) and meanwhile a good client polling
2 codes over HTTP every 100 ms, and reports the good client's failures and latency
(p50/p99, ms) and the gateway's resident memory (peak sampled every 0.1 s, and VmHWM):

- `a_ws_reading`: 100 WebSocket clients subscribing to the same 2,000 codes, reading
  (goal: all admitted, RSS <= 400 MB, good client 0 failures and p99 <= 50 ms);
- `b_ws_not_reading`: the same with a 4 KB receive buffer, never reading (same goals;
  `closed_by_gateway` says how many the gateway dropped as too slow);
- `c_slowloris`: the gateway under `prlimit --nofile=1024:1024`, 3,000 connections
  sending their request head a byte every 5 s; the good client on keep-alive, then on a
  fresh connection per request (goal: 0 failures); `stderr_kb` is the gateway's log;
- `d_page`: 20 GETs with a foreign Host and Origin, 20 with our Host, no Origin,
  `Sec-Fetch-Site: cross-site` and no token, 500 new codes each (goal: all refused
  with 401/403/421, no code followed);
- hostile files (e): the window's, not the gateway's: not here.

`--gui DIR` runs the gateway from another checkout's gui/ (a before/after comparison);
`--scale` multiplies durations and counts (0.2 for a quick look). Not in CI.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]

from tests.bench.gateway_bench import codes_for  # noqa: E402
from tests.gateway_proc import free_port  # noqa: E402

HOST = "127.0.0.1"
SOURCE = "sim?speed=20&interval=0.2"


class Gateway:
    def __init__(self, gui: Path, nofile: int | None = None) -> None:
        self.port, self.token = free_port(), secrets.token_urlsafe(16)
        self.log = tempfile.NamedTemporaryFile("w+", suffix=".log", prefix="attack-gw-")
        env = {**os.environ, "PYTHONPATH": str(gui), "FLOWDECK_TOKEN": self.token}
        cmd = [sys.executable, "-m", "flowdeck.server", "--host", HOST,
               "--port", str(self.port), "--source", SOURCE]
        if nofile:
            cmd = ["prlimit", f"--nofile={nofile}:{nofile}", "--", *cmd]
        self.proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL,
                                     stderr=self.log)
        deadline = time.monotonic() + 30
        while not self.healthy():
            if self.proc.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(f"gateway did not start: {self.log_text()[-1500:]}")
            time.sleep(0.1)

    def get(self, path: str) -> dict:
        req = urllib.request.Request(f"http://{HOST}:{self.port}{path}",
                                     headers={"Authorization": f"Bearer {self.token}"})
        with urllib.request.urlopen(req, timeout=5) as resp:
            return json.load(resp)

    def healthy(self) -> bool:
        try:
            return self.get("/v1/health")["ret_code"] == 0
        except OSError:
            return False

    def status(self, field: str) -> int:
        """A /proc/PID/status field in kB (VmRSS, VmHWM)."""
        with open(f"/proc/{self.proc.pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
        return 0

    def log_text(self) -> str:
        with open(self.log.name, errors="replace") as f:
            return f.read()

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


class RssSampler(threading.Thread):
    def __init__(self, gw: Gateway) -> None:
        super().__init__(daemon=True)
        self.gw, self.peak_kb, self.done = gw, 0, threading.Event()

    def run(self) -> None:
        while not self.done.wait(0.1):
            try:
                self.peak_kb = max(self.peak_kb, self.gw.status("VmRSS"))
            except OSError:
                return


async def good_client(gw: Gateway, codes: list[str], duration: float,
                      fresh: bool = False) -> dict:
    """GET 2 codes every 100 ms (keep-alive, or a new connection each time); a failure
    is anything but 200 within 2 s."""
    raw = (f"GET /v1/capital_flow?stock_list={','.join(codes)} HTTP/1.1\r\n"
           f"Host: {HOST}:{gw.port}\r\nAuthorization: Bearer {gw.token}\r\n\r\n").encode()
    lat, failures, conn = [], 0, None
    until = time.monotonic() + duration
    while time.monotonic() < until:
        t0 = time.perf_counter()
        try:
            if conn is None:
                conn = await asyncio.wait_for(asyncio.open_connection(HOST, gw.port), 2.0)
            reader, writer = conn
            writer.write(raw)
            head = await asyncio.wait_for(reader.readuntil(b"\r\n\r\n"), 2.0)
            low = head.lower()
            at = low.index(b"content-length:") + 15
            await asyncio.wait_for(
                reader.readexactly(int(low[at:low.index(b"\r\n", at)])), 2.0)
            if int(head[9:12]) != 200:
                raise OSError(f"HTTP {int(head[9:12])}")
            lat.append((time.perf_counter() - t0) * 1000)
        except (OSError, TimeoutError, asyncio.IncompleteReadError, ValueError):
            failures += 1
            fresh_needed = True
        else:
            fresh_needed = fresh
        if fresh_needed and conn is not None:
            conn[1].close()
            conn = None
        await asyncio.sleep(max(0.0, 0.1 - (time.perf_counter() - t0)))
    if conn is not None:
        conn[1].close()
    lat.sort()
    return {"requests": len(lat) + failures, "failures": failures,
            "p50_ms": round(statistics.median(lat), 2) if lat else None,
            "p99_ms": round(lat[min(len(lat) - 1, int(0.99 * len(lat)))], 2) if lat else None}


def attacker(role: str, **args: object) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, str(HERE / "attack_clients.py"), role,
                             json.dumps(args)], stdout=subprocess.PIPE, text=True)


def finished(proc: subprocess.Popen, timeout: float) -> dict:
    try:
        out, _ = proc.communicate(timeout=timeout)
        return json.loads(out.strip().splitlines()[-1])
    except (subprocess.TimeoutExpired, IndexError, ValueError) as exc:
        proc.kill()
        proc.wait()
        return {"error": repr(exc)}


def probe(gui: Path, run, nofile: int | None = None) -> dict:
    gw = Gateway(gui, nofile)
    rss = RssSampler(gw)
    rss.start()
    log0 = len(gw.log_text())
    try:
        out = run(gw)
        out["rss_peak_mb"] = round(rss.peak_kb / 1024, 1)
        out["vm_hwm_mb"] = round(gw.status("VmHWM") / 1024, 1)
        out["rss_after_mb"] = round(gw.status("VmRSS") / 1024, 1)
        out["stderr_kb"] = round((len(gw.log_text()) - log0) / 1024, 1)
        return out
    finally:
        rss.done.set()
        gw.stop()


def ws_probe(reading: bool, n: int, ncodes: int, duration: float):
    codes = codes_for(ncodes)

    def run(gw: Gateway) -> dict:
        role = "ws_reading" if reading else "ws_not_reading"
        proc = attacker(role, port=gw.port, token=gw.token, codes=codes, n=n,
                        duration=duration)
        time.sleep(0.5)
        good = asyncio.run(good_client(gw, codes[:2], duration))
        return {"attack": finished(proc, duration + 120), "good": good}
    return run


def slowloris_probe(n: int, duration: float):
    def run(gw: Gateway) -> dict:
        proc = attacker("slowloris", port=gw.port, n=n, duration=duration + 15)
        time.sleep(min(15.0, duration / 2))   # let the connections pile up
        keep = asyncio.run(good_client(gw, ["HK.00700", "US.AAPL"], duration / 2))
        fresh = asyncio.run(good_client(gw, ["HK.00700", "US.AAPL"], duration / 2, True))
        return {"attack": finished(proc, duration + 60), "good_keepalive": keep,
                "good_fresh": fresh}
    return run


def page_probe(n: int):
    def run(gw: Gateway) -> dict:
        before = gw.get("/v1/health")["data"]["codes"]
        statuses: list[int] = []
        for i in range(2 * n):
            codes = ",".join(f"HK.{10000 + i * 500 + k:05d}" for k in range(500))
            if i < n:
                headers = {"Host": f"evil.example:{gw.port}", "Origin": "https://evil.example"}
            else:
                headers = {"Host": f"{HOST}:{gw.port}", "Sec-Fetch-Site": "cross-site"}
            req = urllib.request.Request(
                f"http://{HOST}:{gw.port}/v1/capital_flow?stock_list={codes}", headers=headers)
            try:
                with urllib.request.urlopen(req, timeout=10) as resp:
                    statuses.append(resp.status)
            except urllib.error.HTTPError as exc:
                statuses.append(exc.code)
            except OSError:
                statuses.append(0)
        time.sleep(0.5)
        after = gw.get("/v1/health")["data"]["codes"]
        refused = sum(s in (401, 403, 421) for s in statuses)
        return {"requests": len(statuses), "refused": refused,
                "statuses": sorted(set(statuses)), "codes_followed_added": after - before,
                "ok": refused == len(statuses) and after == before}
    return run


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--scale", type=float, default=1.0)
    ap.add_argument("--probes", default="a,b,c,d")
    ap.add_argument("--gui", default=str(ROOT / "gui"))
    a = ap.parse_args()
    s, gui, want = a.scale, Path(a.gui).resolve(), set(a.probes.split(","))
    n_ws, n_slow, dur = max(2, round(100 * s)), max(10, round(3000 * s)), max(6.0, 30 * s)
    out: dict = {"scale": s, "gui": str(gui)}
    if "a" in want:
        out["a_ws_reading"] = probe(gui, ws_probe(True, n_ws, 2000, dur))
    if "b" in want:
        out["b_ws_not_reading"] = probe(gui, ws_probe(False, n_ws, 2000, dur))
    if "c" in want:
        out["c_slowloris"] = probe(gui, slowloris_probe(n_slow, dur), nofile=1024)
    if "d" in want:
        out["d_page"] = probe(gui, page_probe(20))
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
