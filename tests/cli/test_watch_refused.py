"""`flowdeck watch` against a gateway that refuses its token stops at once with the
gateway's message and exit code 1: asking again would only be refused again (it used
to retry forever)."""

from __future__ import annotations

import io
import time

import pytest

from flowdeck.cli.watch import EXIT_FAILED, run_watch
from tests.gateway_proc import running_gateway

# A test that starts a process, a display server or real sockets and servers: the e2e tier.
pytestmark = pytest.mark.e2e


def test_watch_stops_on_a_refused_token(monkeypatch):
    monkeypatch.delenv("FLOWDECK_TOKEN", raising=False)
    with running_gateway(token="the-real-one") as gw:
        out, err = io.StringIO(), io.StringIO()
        started = time.monotonic()
        code = run_watch(["HK.00700"], [], source=f"gateway://127.0.0.1:{gw.port}?token=guess",
                         duration=30, out=out, err=err)
        took = time.monotonic() - started
    assert code == EXIT_FAILED and took < 10, (code, took, err.getvalue())
    text = err.getvalue()
    assert "401" in text and "token" in text and "not retrying" in text
    assert "retrying in" not in text and "guess" not in text
    assert out.getvalue() == ""
