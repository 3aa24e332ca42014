"""A client's connection waits in the kernel's listen queue while the gateway is busy
(issue 17 item 3: an attacker opening and dropping thousands of connections a second
overflowed a queue of 64, and the trader's fresh connection lost its SYN: a 1 s
retransmit or a failure). With the loop held up, 300 connections complete their
handshake; asyncio still accepts at most its small burst per wake-up."""

from __future__ import annotations

import select
import socket
import time

from aiohttp import web

from flowdeck.server.connections import ACCEPT_BURST, ConnectionGuard, GuardedSite
from tests.support.waiting import run

CLIENTS = 300


def connected_while_the_loop_is_busy(port: int, n: int, wait_s: float = 1.0) -> int:
    """Open `n` non-blocking connections from this (the loop's) thread, so nothing is
    accepted meanwhile; how many the kernel completes within `wait_s`."""
    socks = []
    try:
        for _ in range(n):
            s = socket.socket()
            s.setblocking(False)
            s.connect_ex(("127.0.0.1", port))
            socks.append(s)
        done: set[socket.socket] = set()
        end = time.monotonic() + wait_s
        while len(done) < n and time.monotonic() < end:
            _, writable, _ = select.select([], [s for s in socks if s not in done], [], 0.05)
            done.update(s for s in writable if s.getsockopt(socket.SOL_SOCKET,
                                                            socket.SO_ERROR) == 0)
        return len(done)
    finally:
        for s in socks:
            s.close()


def serve_and_count(listen_queue: int | None) -> int:
    async def main() -> int:
        runner = web.AppRunner(web.Application())
        await runner.setup()
        options = {} if listen_queue is None else {"listen_queue": listen_queue}
        site = GuardedSite(runner, "127.0.0.1", 0, ConnectionGuard(), **options)
        await site.start()
        try:
            port = runner.addresses[0][1]
            return connected_while_the_loop_is_busy(port, CLIENTS)
        finally:
            await runner.cleanup()
    return run(main(), 30)


def test_connections_wait_in_a_deep_listen_queue_while_the_loop_is_busy():
    assert serve_and_count(None) == CLIENTS


def test_a_queue_as_short_as_the_accept_burst_drops_the_rest():
    # The control: the same drill with the kernel's queue at asyncio's burst size.
    assert serve_and_count(ACCEPT_BURST) <= ACCEPT_BURST + 2
