"""How aiohttp's failures become the spec's 1016 errors with a useful message.

aiohttp reports a Futu OpenD, a banner or an instant close only as a generic parse or
disconnect error, so for those this module opens one raw connection, sends a minimal
HTTP request and names the peer from the first bytes it answers with (peers.py).
"""

from __future__ import annotations

import asyncio
import contextlib

import aiohttp

from ..core.errors import FlowDeckError, source_failed
from . import peers

_PROBE_BYTES = 64


async def probe_peer(host: str, port: int, timeout: float) -> FlowDeckError:
    """One raw look at what listens on host:port, as the error to report."""
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), timeout)
    except ConnectionRefusedError:
        return peers.not_running(host, port)
    except TimeoutError:
        return peers.timed_out(host, port, timeout)
    except OSError as exc:
        return peers.unreachable(host, port, exc)
    try:
        writer.write(peers.probe_request(host, port))
        with contextlib.suppress(ConnectionError):
            await writer.drain()
        try:
            data = await asyncio.wait_for(reader.read(_PROBE_BYTES), timeout)
        except TimeoutError:
            return peers.timed_out(host, port, timeout)
        except ConnectionError:
            data = b""
    finally:
        writer.close()
        with contextlib.suppress(OSError):
            await writer.wait_closed()
    return peers.classify_first_bytes(host, port, data) or peers.not_a_gateway(
        host, port, "it answers HTTP, but not with the capital-flow API")


async def failure(exc: BaseException, host: str, port: int, timeout: float) -> FlowDeckError:
    """The error to report for an aiohttp request or handshake that raised `exc`."""
    if isinstance(exc, FlowDeckError):
        return exc
    if isinstance(exc, aiohttp.ClientConnectorError):
        if isinstance(exc.os_error, ConnectionRefusedError):
            return peers.not_running(host, port)
        return peers.unreachable(host, port, exc.os_error)
    if isinstance(exc, TimeoutError):
        return peers.timed_out(host, port, timeout)
    if isinstance(exc, aiohttp.ClientPayloadError):
        return source_failed(f"the gateway at {peers.address(host, port)} closed the "
                             f"connection in the middle of its reply")
    if isinstance(exc, (aiohttp.ServerDisconnectedError, aiohttp.ClientResponseError,
                        aiohttp.ClientOSError, ConnectionError)):
        # No usable HTTP reply at all (a parse error, a reset): look at what the peer
        # does say.
        return await probe_peer(host, port, timeout)
    return peers.unreachable(host, port, exc)
