"""Loopback addresses, sources pointing back at the gateway, secrets kept out of logs."""

from __future__ import annotations

import pytest

from flowdeck.server.addresses import is_loopback_host, points_at_self, redact_source


@pytest.mark.parametrize("host, loop", [
    ("127.0.0.1", True), ("127.1.2.3", True), ("localhost", True), ("LOCALHOST", True),
    ("::1", True), ("[::1]", True), ("::ffff:127.0.0.1", True),
    ("0.0.0.0", False), ("::", False), ("", False), ("192.168.1.5", False),
    ("10.0.0.1", False), ("example.com", False), ("localhost.example.com", False),
])
def test_loopback(host, loop):
    assert is_loopback_host(host) is loop


@pytest.mark.parametrize("source, host, port, itself", [
    ("gateway://127.0.0.1:11111", "127.0.0.1", 11111, True),
    ("gateway://localhost:11111", "127.0.0.1", 11111, True),
    ("gateway://127.0.0.1:11111?token=T", "localhost", 11111, True),
    ("gateway://[::1]:11111", "127.0.0.1", 11111, True),
    ("gateway://localhost", "127.0.0.1", 11111, True),     # default port
    ("gateway://127.0.0.1:11111", "0.0.0.0", 11111, True),  # a wildcard bind includes it
    ("gateway://10.0.0.7:5000", "10.0.0.7", 5000, True),
    ("GATEWAY://LocalHost:5000", "127.0.0.1", 5000, True),
    ("gateway://127.0.0.1:11112", "127.0.0.1", 11111, False),
    ("gateway://10.0.0.7:11111", "127.0.0.1", 11111, False),
    ("gateway://127.0.0.1:0", "127.0.0.1", 0, False),
    ("sim", "127.0.0.1", 11111, False),
    ("sim?speed=20", "127.0.0.1", 11111, False),
    ("gateway://127.0.0.1:notaport", "127.0.0.1", 11111, False),
])
def test_points_at_self(source, host, port, itself):
    assert points_at_self(source, host, port) is itself


def test_redact_source():
    assert redact_source("gateway://h:1?token=abc") == "gateway://h:1?token=***"
    assert redact_source("gateway://h:1?x=1&token=abc&y=2") == "gateway://h:1?x=1&token=***&y=2"
    assert redact_source("futu://user:pw@h:1") == "futu://user:***@h:1"
    assert redact_source("sim?speed=20") == "sim?speed=20"
