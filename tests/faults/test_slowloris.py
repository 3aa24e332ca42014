"""Slowloris (issue 17 item 3), against a real gateway process on loopback: a
connection that does not complete its request within the header timeout is closed, the
connection cap closes the oldest incomplete one, the descriptor limit is raised at
start, and when descriptors run out the accept error is logged a few times, not
thousands. The drill of tests/bench/attack_bench.py, scaled down (200 connections at
256 descriptors)."""

from __future__ import annotations

import json
import os
import resource
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from flowdeck.server.fdlimit import default_max_connections
from tests.gateway_proc import GUI, GatewayProcess, free_port, running_gateway

# A test that starts a process, a display server or real sockets and servers: the e2e tier.
pytestmark = pytest.mark.e2e

TOKEN = "slow-token"
PARTIAL = b"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: "


def partial(port: int) -> socket.socket:
    s = socket.create_connection(("127.0.0.1", port), timeout=5)
    s.sendall(PARTIAL)
    return s


def closed_within(s: socket.socket, seconds: float) -> bool:
    """True when the gateway closes `s` within `seconds` (it sends nothing first)."""
    s.settimeout(seconds)
    try:
        return s.recv(1024) == b""
    except ConnectionResetError:
        return True
    except TimeoutError:
        return False


def health(port: int, conn=None) -> int:
    req = urllib.request.Request(f"http://127.0.0.1:{port}/v1/health",
                                 headers={"Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(req, timeout=5) as resp:
        return json.load(resp)["ret_code"]


def test_a_request_not_completed_within_the_header_timeout_is_closed():
    with running_gateway(token=TOKEN, extra=["--header-timeout", "0.5"]) as gw:
        silent = socket.create_connection(("127.0.0.1", gw.port), timeout=5)
        slow = partial(gw.port)
        started = time.monotonic()
        assert closed_within(slow, 5.0)
        assert closed_within(silent, 5.0)
        assert time.monotonic() - started < 3.0
        # A keep-alive connection between requests is not a slow request.
        keep = socket.create_connection(("127.0.0.1", gw.port), timeout=5)
        ask = (f"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:{gw.port}\r\n"
               f"Authorization: Bearer {TOKEN}\r\n\r\n").encode()
        for _ in range(2):
            keep.sendall(ask)
            assert keep.recv(65536).startswith(b"HTTP/1.1 200")
            time.sleep(1.0)
        keep.close()


def test_at_the_cap_the_oldest_incomplete_connection_is_closed():
    with running_gateway(token=TOKEN, extra=["--max-connections", "20",
                                             "--header-timeout", "60"]) as gw:
        held = []
        for _ in range(20):
            held.append(partial(gw.port))
            time.sleep(0.02)
        time.sleep(0.2)
        assert not closed_within(held[0], 0.2)
        newest = partial(gw.port)
        assert closed_within(held[0], 3.0)
        assert health(gw.port) == 0     # room made again, from the oldest
        assert closed_within(held[1], 3.0)
        assert not any(closed_within(s, 0.05) for s in held[3:])
        assert not closed_within(newest, 0.05)
        for s in [*held, newest]:
            s.close()


def test_the_open_files_limit_is_raised_to_the_hard_limit_at_start():
    port = free_port()
    env = {**os.environ, "PYTHONPATH": GUI, "FLOWDECK_TOKEN": TOKEN}

    def low_soft_limit() -> None:
        resource.setrlimit(resource.RLIMIT_NOFILE, (256, 2048))

    proc = subprocess.Popen([sys.executable, "-m", "flowdeck.server", "--port", str(port)],
                            env=env, preexec_fn=low_soft_limit,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                assert health(port) == 0
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.1)
        assert resource.prlimit(proc.pid, resource.RLIMIT_NOFILE) == (2048, 2048)
    finally:
        proc.terminate()
        proc.wait(10)


def _drill(gw: GatewayProcess, n: int) -> tuple[int, int]:
    """n slowloris connections held open while a good client asks 20 times on one
    keep-alive connection and 20 times on fresh ones; its failures (keep-alive, fresh)."""
    attackers = []
    for _ in range(n):
        try:
            attackers.append(partial(gw.port))
        except OSError:
            pass
    failures = [0, 0]
    opener = urllib.request.build_opener()
    keep = socket.create_connection(("127.0.0.1", gw.port), timeout=5)
    ask = (f"GET /v1/health HTTP/1.1\r\nHost: 127.0.0.1:{gw.port}\r\n"
           f"Authorization: Bearer {TOKEN}\r\n\r\n").encode()
    for _ in range(20):
        try:
            keep.sendall(ask)
            if not keep.recv(65536).startswith(b"HTTP/1.1 200"):
                failures[0] += 1
        except OSError:
            failures[0] += 1
        try:
            req = urllib.request.Request(f"{gw.url}/v1/health",
                                         headers={"Authorization": f"Bearer {TOKEN}"})
            with opener.open(req, timeout=5) as resp:
                failures[1] += resp.status != 200
        except OSError:
            failures[1] += 1
        time.sleep(0.05)
    for s in [*attackers, keep]:
        s.close()
    return failures[0], failures[1]


def test_200_slowloris_connections_at_256_descriptors_do_not_stop_a_good_client():
    # The cap the gateway chooses when it starts at 256 descriptors.
    cap = str(default_max_connections(256))
    with running_gateway(token=TOKEN, extra=["--max-connections", cap]) as gw:
        assert gw.proc is not None
        resource.prlimit(gw.proc.pid, resource.RLIMIT_NOFILE, (256, 256))
        assert _drill(gw, 200) == (0, 0)


def test_running_out_of_descriptors_is_logged_a_few_times_not_thousands():
    # A cap above what the descriptors allow, so that accept() does fail.
    with running_gateway(token=TOKEN, extra=["--max-connections", "1000"]) as gw:
        assert gw.proc is not None
        resource.prlimit(gw.proc.pid, resource.RLIMIT_NOFILE, (64, 64))
        held = []
        for _ in range(80):
            try:
                held.append(partial(gw.port))
            except OSError:
                pass
        time.sleep(4.0)
        for s in held:
            s.close()
        log = gw.log_text()
        lines = [ln for ln in log.splitlines() if "out of system resource" in ln]
        assert 1 <= len(lines) <= 2, log[-3000:]
        assert log.count("Traceback") <= 1
