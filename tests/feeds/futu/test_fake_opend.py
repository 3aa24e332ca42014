"""tests/support/fake_opend/ itself: OpenD's framing on a raw socket (a failure reply for an
unknown proto, a dropped connection for bytes that are not OpenD's protocol), the same
numbers for the same seed, and the delay knob as the real SDK feels it."""

import hashlib
import socket
import time

import pytest

from flowdeck.feeds.futu import sdk as futu_sdk

if not futu_sdk.installed():
    pytest.skip(f"futu-api is not installed ({futu_sdk.INSTALL_HINT})", allow_module_level=True)

from futu.common.pb import KeepAlive_pb2

from tests.support.fake_opend import HEADER, KEEP_ALIVE, FakeDay, FakeOpenD, frame


def read_packet(sock: socket.socket) -> tuple[tuple, bytes]:
    head = b""
    while len(head) < HEADER.size:
        chunk = sock.recv(HEADER.size - len(head))
        if not chunk:
            raise ConnectionError("closed")
        head += chunk
    fields = HEADER.unpack(head)
    body = b""
    while len(body) < fields[6]:
        body += sock.recv(fields[6] - len(body))
    return fields, body


def test_unknown_protos_get_a_failure_reply_and_keep_alive_works():
    with FakeOpenD() as fake, socket.create_connection(("127.0.0.1", fake.port), 5) as sock:
        sock.sendall(frame(4242, 77, b"\x08\x01"))
        (f, t, proto, _, _, serial, _, sha, _), body = read_packet(sock)
        assert (f, t, proto, serial) == (b"F", b"T", 4242, 77)
        assert hashlib.sha1(body).digest() == sha
        reply = KeepAlive_pb2.Response.FromString(body)
        assert reply.retType == -1 and "unknown proto 4242" in reply.retMsg

        req = KeepAlive_pb2.Request()
        req.c2s.time = 1
        sock.sendall(frame(KEEP_ALIVE, 78, req.SerializeToString()))
        fields, body = read_packet(sock)
        assert fields[2] == KEEP_ALIVE and KeepAlive_pb2.Response.FromString(body).retType == 0
        assert fake.protos_seen == [4242, KEEP_ALIVE]


def test_bytes_that_are_not_opend_protocol_drop_the_connection():
    with FakeOpenD() as fake, socket.create_connection(("127.0.0.1", fake.port), 5) as sock:
        sock.sendall(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n" + b"\0" * 64)
        sock.settimeout(5)
        assert sock.recv(100) == b""


def test_a_seed_and_a_code_always_give_the_same_day():
    a, b = FakeDay("HK.00700", 5, 100), FakeDay("HK.00700", 5, 200)
    assert (a.net == b.net[:100]).all()                # a later minute extends the day
    assert not (FakeDay("HK.00700", 6, 100).net == a.net).all()
    assert FakeDay("US.AAPL", 5, 1000).minutes == 390  # capped at the session


def test_the_delay_knob_delays_what_the_sdk_gets():
    futu = futu_sdk.load_futu()
    with FakeOpenD(seed=1) as fake:
        fake.delay = 0.5
        ctx = futu.OpenQuoteContext("127.0.0.1", fake.port, is_async_connect=True)
        try:
            deadline = time.monotonic() + 5
            while ctx.status != "READY" and time.monotonic() < deadline:
                time.sleep(0.01)
            started = time.monotonic()
            ret, data = ctx.get_capital_distribution("SH.600519")
            took = time.monotonic() - started
        finally:
            ctx.close()
    assert ret == futu.RET_OK and took >= 0.5
    day = fake.served[(3212, "SH.600519")]
    assert data["capital_in_big"][0] == pytest.approx(day.cum_in[-1][1])
    assert [r.code for r in fake.capital_requests()] == ["SH.600519"]
