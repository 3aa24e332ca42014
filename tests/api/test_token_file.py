"""The loopback gateway always wants a token; it leaves it in a file only its user can
read, and the local clients (both quote contexts, the stream) find it there without
being told. A restarted gateway has a new token, which a long-lived client follows; a
client of another host never sends it."""

from __future__ import annotations

import asyncio
import json
import os
import stat
import urllib.error
import urllib.request

import pytest

from flowdeck.api import RET_OK, AsyncQuoteContext, OpenQuoteContext
from flowdeck.api.token_file import read_token, token_dir, token_path
from tests.gateway_proc import GatewayProcess

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")]


@pytest.fixture
def home(tmp_path, monkeypatch):
    """This user's FlowDeck folders, for the gateway (a child process) and the client."""
    monkeypatch.setenv("FLOWDECK_HOME", str(tmp_path))
    monkeypatch.delenv("FLOWDECK_TOKEN", raising=False)
    return tmp_path


def status_without_token(url: str) -> int:
    try:
        with urllib.request.urlopen(url, timeout=10) as resp:
            return resp.status
    except urllib.error.HTTPError as exc:
        return exc.code


def test_a_loopback_gateway_wants_its_token_and_local_clients_find_it(home):
    gw = GatewayProcess().start()
    try:
        path = token_path(gw.port)
        assert path.parent == home / "run" == token_dir()
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert stat.S_IMODE(path.parent.stat().st_mode) == 0o700
        token = read_token(gw.port)
        assert token and len(token) >= 32 and token not in gw.log_text()
        # A page's <img> GET: right Host, no Origin, no token.
        assert status_without_token(f"{gw.url}/v1/capital_flow?stock_list=HK.00700") == 401
        assert status_without_token(f"{gw.url}/v1/health") == 401
        with OpenQuoteContext(port=gw.port) as ctx:
            ret, rows = ctx.get_capital_flow(["HK.00700"])
            assert ret == RET_OK and rows[0]["code"] == "HK.00700"

        async def stream():
            async with AsyncQuoteContext(port=gw.port) as actx:
                ret, _ = await actx.get_capital_flow(["US.AAPL"])
                assert ret == RET_OK
                sub = actx.subscribe(["HK.00700"])
                return await asyncio.wait_for(anext(sub), 10)
        assert asyncio.run(stream()).snapshot
    finally:
        assert gw.stop() == 0
    assert not path.exists()   # removed at exit


def test_a_restarted_gateway_has_a_new_token_and_clients_follow_it(home):
    gw = GatewayProcess().start()
    port = gw.port
    try:
        first = read_token(port)
        ctx = OpenQuoteContext(port=port, timeout=5)
        assert ctx.get_capital_flow(["HK.00700"])[0] == RET_OK

        async def follow() -> int:
            async with AsyncQuoteContext(port=port, timeout=5) as actx:
                sub = actx.subscribe(["HK.00700"])
                await asyncio.wait_for(anext(sub), 10)
                gw.stop()
                gw.start()
                assert read_token(port) != first
                while True:   # the stream reconnects with the new token
                    batch = await asyncio.wait_for(anext(sub), 20)
                    if batch.snapshot:
                        return sub.reconnects
        assert asyncio.run(follow()) == 1
        ret, rows = ctx.get_capital_flow(["HK.00700"])
        assert ret == RET_OK, rows
        ctx.close()
    finally:
        gw.stop()


def test_the_token_goes_to_this_machine_only(home):
    gw = GatewayProcess().start()
    try:
        token = read_token(gw.port)
        for host in ("127.0.0.1", "localhost", "::1"):
            assert OpenQuoteContext(host=host, port=gw.port).current_token() == token
        for host in ("192.0.2.1", "desk.example", "desk.localhost"):
            assert OpenQuoteContext(host=host, port=gw.port).current_token() is None
        # Given a token (FLOWDECK_TOKEN or token=), that one is sent.
        assert OpenQuoteContext(port=gw.port, token="mine").current_token() == "mine"
        assert OpenQuoteContext(port=gw.port, token="").current_token() is None
    finally:
        gw.stop()


def test_a_token_file_others_could_have_written_is_not_read(home):
    gw = GatewayProcess().start()
    try:
        folder = token_path(gw.port).parent
        folder.chmod(0o777)
        assert read_token(gw.port) is None
        ctx = OpenQuoteContext(port=gw.port, timeout=5)
        ret, msg = ctx.get_capital_flow(["HK.00700"])
        assert ret != RET_OK and "FLOWDECK_TOKEN" in msg and str(folder) in msg
        folder.chmod(0o700)
        assert ctx.get_capital_flow(["HK.00700"])[0] == RET_OK
        ctx.close()
    finally:
        gw.stop()


def test_a_given_token_is_the_gateways_and_is_in_the_file_too(home):
    gw = GatewayProcess(token="shared-desk-token").start()
    try:
        assert read_token(gw.port) == "shared-desk-token"
        req = urllib.request.Request(f"{gw.url}/v1/health",
                                     headers={"Authorization": "bearer shared-desk-token"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            assert json.load(resp)["ret_code"] == 0
    finally:
        gw.stop()
