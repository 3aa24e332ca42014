"""flowdeck-gateway as a process (tests/gateway_proc.py): signals, a taken port,
refused configurations, the log's first line."""

from __future__ import annotations

import asyncio
import signal
import socket
import subprocess
import sys

import aiohttp
import pytest

from flowdeck.launcher import gateway_main
from flowdeck.server.main import build_parser, configure
from tests.gateway_proc import GUI, GatewayProcess, free_port, running_gateway
from tests.support.server_fakes import run

# A test that starts a process, a display server or real sockets and servers: the e2e tier.
pytestmark = pytest.mark.e2e


def gateway_cli(*args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": GUI, "PATH": "/usr/bin:/bin"}
    return subprocess.run([sys.executable, "-m", "flowdeck.server", *args], env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_signals_close_streams_going_away_and_exit_0(sig):
    gw = GatewayProcess(token="tok").start()
    try:
        first = gw.log_text().splitlines()[0]
        assert "event=listening" in first and f"url=http://127.0.0.1:{gw.port}" in first
        assert "source=\"sim?speed=20" in first

        async def main():
            async with aiohttp.ClientSession(
                    headers={"Authorization": "Bearer tok"}) as session:
                ws = await session.ws_connect(f"{gw.url}/v1/stream")
                await ws.send_json({"op": "subscribe", "stock_list": ["HK.00700"]})
                msg = await ws.receive_json(timeout=10)
                assert msg["type"] == "batch" and msg["snapshot"] is True
                gw.proc.send_signal(sig)
                while True:
                    msg = await ws.receive(timeout=10)
                    if msg.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED):
                        break
                assert ws.close_code == aiohttp.WSCloseCode.GOING_AWAY
        run(main())
        assert gw.proc.wait(10) == 0
        log = gw.log_text()
        assert "event=stopping" in log and "event=stopped" in log
        assert "Traceback" not in log
    finally:
        gw.stop()


def test_a_taken_port_is_named_with_a_hint_and_exit_2():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        gw = GatewayProcess(port=port)
        with pytest.raises(RuntimeError, match="exited 2"):
            gw.start(timeout=20)
        text = gw.log_text()
    assert f"port {port}" in text and "Futu OpenD" in text and "11111" in text
    assert "--port" in text and "Traceback" not in text


def test_health_with_a_token_and_a_running_sim():
    with running_gateway(token="abc") as gw:
        import json
        import urllib.error
        import urllib.request
        req = urllib.request.Request(f"{gw.url}/v1/health")
        with pytest.raises(urllib.error.HTTPError) as err:
            urllib.request.urlopen(req, timeout=5)
        assert err.value.code == 401
        assert json.load(err.value)["ret_code"] == 1001
        req.add_header("Authorization", "Bearer abc")
        with urllib.request.urlopen(req, timeout=5) as resp:
            data = json.load(resp)["data"]
        assert data["source"].startswith("sim") and data["state"] in ("connecting", "live")


@pytest.mark.parametrize("args, words", [
    (["--host", "0.0.0.0"], ["refusing", "0.0.0.0", "--token", "FLOWDECK_TOKEN"]),
    (["--host", "192.168.1.10", "--token", " "], ["token is empty"]),
    (["--port", "5000", "--source", "gateway://localhost:5000"],
     ["points at this gateway", "localhost:5000"]),
    (["--source", "gateway://127.0.0.1:11111?token=zzz"], ["own address", "token=***"]),
    (["--source", "nosuch://x"], ["unknown source", "sim"]),
    (["--source", "sim?speed=fast"], ["speed"]),
    (["--port", "70000"], ["not a port"]),
])
def test_refused_configurations_say_why_and_exit_2(args, words, capsys, monkeypatch):
    monkeypatch.delenv("FLOWDECK_TOKEN", raising=False)
    assert gateway_main(args) == 2
    err = capsys.readouterr().err
    assert all(w in err for w in words), err
    assert "zzz" not in err and "Traceback" not in err


def test_a_refusal_from_the_real_command_line():
    done = gateway_cli("--host", "0.0.0.0", "--port", str(free_port()))
    assert done.returncode == 2 and "refusing" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_token_allows_other_addresses_and_comes_from_the_environment():
    parser = build_parser()
    cfg = configure(parser.parse_args(["--host", "0.0.0.0"]), {"FLOWDECK_TOKEN": "t0k"})
    assert cfg.token == "t0k" and cfg.host == "0.0.0.0" and cfg.port == 11111
    cfg = configure(parser.parse_args(["--token", "a", "--host", "10.1.2.3"]),
                    {"FLOWDECK_TOKEN": "b"})
    assert cfg.token == "a"
    cfg = configure(parser.parse_args([]), {})
    assert (cfg.host, cfg.port, cfg.source, cfg.token) == ("127.0.0.1", 11111, "sim", None)


def test_shutdown_is_prompt_with_a_reader_that_never_reads():
    async def main(gw):
        _reader, writer = await asyncio.open_connection("127.0.0.1", gw.port)
        writer.write(b"GET /v1/stream HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
                     b"Connection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                     b"Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n")
        frame = b'{"op":"subscribe","stock_list":["HK.00700","US.AAPL"]}'
        mask = b"\x00\x00\x00\x00"
        writer.write(bytes([0x81, 0x80 | len(frame)]) + mask + frame)
        await writer.drain()
        await asyncio.sleep(1.0)
        gw.proc.send_signal(signal.SIGTERM)
        await asyncio.to_thread(gw.proc.wait, 15)
        writer.close()

    gw = GatewayProcess().start()
    try:
        run(main(gw))
        assert gw.proc.returncode == 0
    finally:
        gw.stop()


def test_access_lines_only_at_debug():
    import urllib.request
    for extra, expect in (([], False), (["--log-level", "debug"], True)):
        with running_gateway(extra=extra) as gw:
            req = urllib.request.Request(f"{gw.url}/v1/health", headers=gw.auth)
            with urllib.request.urlopen(req, timeout=5) as resp:
                resp.read()
        log = gw.log_text()
        assert ("event=access" in log) is expect, log
        assert log.splitlines()[0].count("event=listening") == 1


def test_a_gateway_can_follow_another_gateway():
    import json
    import urllib.request
    with running_gateway(token="up") as upstream, \
            running_gateway(source=f"gateway://127.0.0.1:{upstream.port}?token=up") as gw:
        url = f"{gw.url}/v1/capital_flow?stock_list=HK.00700,US.AAPL"
        # The gateway in front made its own token; this user's client finds it.
        req = urllib.request.Request(url, headers=gw.auth)
        with urllib.request.urlopen(req, timeout=30) as resp:
            rows = json.load(resp)["data"]["capital_flow_list"]
        assert [r["code"] for r in rows] == ["HK.00700", "US.AAPL"]
        req = urllib.request.Request(f"{gw.url}/v1/health", headers=gw.auth)
        with urllib.request.urlopen(req, timeout=10) as resp:
            data = json.load(resp)["data"]
        assert data["state"] == "live" and data["simulated"] is True
        assert data["source"].startswith("gateway://127.0.0.1:")
        log = gw.log_text()
        assert "token=***" in log and "token=up" not in log
