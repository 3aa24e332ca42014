"""Tiny TCP servers on a free loopback port, one thread per connection, standing in for
peers that are not a FlowDeck gateway (Futu OpenD, a banner, a silent or slamming peer)
and for a minimal HTTP peer that answers canned bodies."""

from __future__ import annotations

import contextlib
import json
import socket
import struct
import threading
from collections.abc import Callable, Iterator

Handler = Callable[[socket.socket, threading.Event], None]

# Futu OpenD's 44-byte frame header: "FT", proto id, format, version, serial, body length,
# SHA1 of the body, reserved.
FUTU_HEADER = struct.pack("<2sIBBII20s8s", b"FT", 1001, 0, 0, 1, 0, bytes(20), bytes(8))


class RawServer:
    def __init__(self, handler: Handler) -> None:
        self.handler = handler
        self.stopping = threading.Event()
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.accepted = 0
        self._conns: list[socket.socket] = []
        self._threads: list[threading.Thread] = []
        self._acceptor = threading.Thread(target=self._accept, daemon=True)

    def __enter__(self) -> RawServer:
        self._acceptor.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self._acceptor.join(2)
        for conn in self._conns:
            with contextlib.suppress(OSError):
                conn.close()
        for t in self._threads:
            t.join(2)
        self.sock.close()

    def _accept(self) -> None:
        while not self.stopping.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:
                return
            self.accepted += 1
            conn.settimeout(0.2)
            self._conns.append(conn)
            t = threading.Thread(target=self._serve, args=(conn,), daemon=True)
            self._threads.append(t)
            t.start()

    def _serve(self, conn: socket.socket) -> None:
        with contextlib.suppress(OSError):
            self.handler(conn, self.stopping)
        with contextlib.suppress(OSError):
            conn.close()


def _read_some(conn: socket.socket) -> bytes:
    with contextlib.suppress(TimeoutError):
        return conn.recv(65536)
    return b""


def _hold(conn: socket.socket, stopping: threading.Event) -> None:
    """Keep the connection open, reading and ignoring, until the server stops."""
    while not stopping.is_set():
        try:
            if not conn.recv(65536):
                return
        except TimeoutError:
            continue


def futu_opend(conn: socket.socket, stopping: threading.Event) -> None:
    _read_some(conn)
    conn.sendall(FUTU_HEADER)
    _hold(conn, stopping)


def close_at_once(conn: socket.socket, stopping: threading.Event) -> None:
    conn.close()


def never_answer(conn: socket.socket, stopping: threading.Event) -> None:
    _hold(conn, stopping)


def ssh_banner(conn: socket.socket, stopping: threading.Event) -> None:
    conn.sendall(b"SSH-2.0-OpenSSH_9.2p1 Debian-2\r\n")
    _hold(conn, stopping)


def http_reply(status: str, content_type: str, body: bytes,
               keep_alive: bool = True, close_after: bool = False) -> Handler:
    """An HTTP/1.1 peer answering every request with the same reply. `close_after`
    closes the connection after each reply without saying so (a keep-alive the peer
    drops), to exercise the client's reconnect."""
    def handler(conn: socket.socket, stopping: threading.Event) -> None:
        buf = b""
        while not stopping.is_set():
            request, buf = _read_request(conn, buf, stopping)
            if request is None:
                return
            head = [f"HTTP/1.1 {status}", f"Content-Type: {content_type}",
                    f"Content-Length: {len(body)}"]
            if not keep_alive:
                head.append("Connection: close")
            conn.sendall(("\r\n".join(head) + "\r\n\r\n").encode() + body)
            if close_after or not keep_alive:
                return
    return handler


def json_reply(obj: object, status: str = "200 OK", **kw) -> Handler:
    return http_reply(status, "application/json", json.dumps(obj).encode(), **kw)


def _read_request(conn: socket.socket, buf: bytes,
                  stopping: threading.Event) -> tuple[bytes | None, bytes]:
    while b"\r\n\r\n" not in buf:
        if stopping.is_set():
            return None, buf
        try:
            chunk = conn.recv(65536)
        except TimeoutError:
            continue
        if not chunk:
            return None, buf
        buf += chunk
    head, _, rest = buf.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value.strip())
    while len(rest) < length:
        try:
            chunk = conn.recv(65536)
        except TimeoutError:
            continue
        if not chunk:
            return None, b""
        rest += chunk
    return head + b"\r\n\r\n" + rest[:length], rest[length:]


@contextlib.contextmanager
def serving(handler: Handler) -> Iterator[RawServer]:
    with RawServer(handler) as server:
        yield server
