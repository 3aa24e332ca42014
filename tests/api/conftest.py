"""Real gateways (tests/gateway_proc.py) shared by the API tests: starting one takes a
fraction of a second, but there is no need to do it per test."""

import socket

import pytest

from tests.gateway_proc import GatewayProcess

SPEC_PORT = 11111  # the port the spec's example code connects to
TOKEN = "s3cret-token"


def port_is_free(port: int) -> bool:
    with socket.socket() as s:
        try:
            s.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


@pytest.fixture(scope="session")
def gateway():
    """A sim gateway; on the spec's port 11111 when that is free, so the spec's example
    runs verbatim against it."""
    port = SPEC_PORT if port_is_free(SPEC_PORT) else None
    gw = GatewayProcess(port=port).start()
    yield gw
    gw.stop()


@pytest.fixture(scope="session")
def token_gateway():
    gw = GatewayProcess(token=TOKEN).start()
    yield gw
    gw.stop()
