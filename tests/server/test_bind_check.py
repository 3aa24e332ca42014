"""`--host NAME.localhost` is not trusted for its name: the gateway resolves it and
listens on exactly the addresses it checked; one that is not loopback needs a token
given, as any other address. (In a private network namespace `desk.localhost` mapped
to 10.99.0.1, and the gateway served there with no token.)"""

from __future__ import annotations

import socket

import pytest

from flowdeck.server.addresses import is_loopback_address, resolve_bind_host
from flowdeck.server.main import main


@pytest.fixture
def desk_localhost(monkeypatch):
    """A resolver where desk.localhost is another machine's address and
    both.localhost is loopback and that address; every other name as before."""
    real = socket.getaddrinfo
    table = {"desk.localhost": ["10.99.0.1"], "both.localhost": ["127.0.0.1", "10.99.0.1"],
             "loop.localhost": ["127.0.0.1"]}

    def getaddrinfo(host, port, *args, **kwargs):
        if host in table:
            return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (a, port or 0))
                    for a in table[host]]
        return real(host, port, *args, **kwargs)
    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


@pytest.mark.parametrize("host", ["desk.localhost", "both.localhost"])
def test_a_localhost_name_resolving_elsewhere_is_refused(host, desk_localhost, capsys,
                                                         monkeypatch, tmp_path):
    monkeypatch.delenv("FLOWDECK_TOKEN", raising=False)
    monkeypatch.setenv("FLOWDECK_HOME", str(tmp_path))
    assert main(["--host", host, "--port", "0", "--log-level", "error"]) == 2
    err = capsys.readouterr().err
    assert "refusing" in err and "10.99.0.1" in err and "not a loopback" in err
    assert "FLOWDECK_TOKEN" in err
    assert not (tmp_path / "run").exists()   # it never got as far as serving


def test_names_resolve_to_what_is_bound(desk_localhost):
    assert resolve_bind_host("loop.localhost") == ["127.0.0.1"]
    assert resolve_bind_host("both.localhost") == ["127.0.0.1", "10.99.0.1"]
    assert resolve_bind_host("127.0.0.1") == ["127.0.0.1"]
    assert resolve_bind_host("0.0.0.0") == ["0.0.0.0"]
    assert all(is_loopback_address(a) for a in ("127.0.0.1", "::1", "::ffff:127.0.0.1"))
    assert not any(is_loopback_address(a) for a in ("10.99.0.1", "0.0.0.0", "localhost"))
