"""A WebSocket client's side of the gateway's stream (tests/server)."""

from __future__ import annotations

import aiohttp

STREAM = "/v1/stream"


def codes(n: int, start: int = 1) -> list[str]:
    return [f"HK.{i:05d}" for i in range(start, start + n)]


async def next_message(ws, timeout: float = 10.0) -> dict:
    msg = await ws.receive(timeout=timeout)
    assert msg.type is aiohttp.WSMsgType.TEXT, msg
    return msg.json()


async def subscribe(ws, stock_list: list[str]) -> dict:
    await ws.send_json({"op": "subscribe", "stock_list": stock_list})
    while True:
        msg = await next_message(ws)
        if msg["type"] == "error" or msg.get("snapshot"):
            return msg
