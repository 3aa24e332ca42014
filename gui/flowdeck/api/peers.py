"""What is (or is not) at the other end of a connection, said in words a user can act on.

Every failure to talk to a gateway becomes one GET_CAPITAL_FLOW_FAILED (1016) error whose
message names the address and what to do: nothing listening, no answer in time, Futu
OpenD (which speaks a binary protocol whose frames start with b"FT"), or some other
program. Shared by the blocking and the asyncio client so both say the same thing.
"""

from __future__ import annotations

from ..core.errors import FlowDeckError, source_failed

# Futu OpenD frames begin with a 44-byte header whose first two bytes are 'F', 'T'.
FUTU_MAGIC = b"FT"
HTTP_MAGIC = b"HTTP/"
FUTU_DEFAULT_PORT = 11111


def address(host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def not_running(host: str, port: int) -> FlowDeckError:
    return source_failed(
        f"no FlowDeck gateway is running at {address(host, port)} (connection refused); "
        f"start one with `flowdeck-gateway --port {port}` (add `--source futu://HOST:PORT` "
        f"to serve Futu OpenD data) or point the client at the right host and port")


def unreachable(host: str, port: int, exc: BaseException) -> FlowDeckError:
    reason = (exc.strerror if isinstance(exc, OSError) and exc.strerror else None) \
        or str(exc) or type(exc).__name__
    return source_failed(f"cannot reach a FlowDeck gateway at {address(host, port)}: {reason}")


def timed_out(host: str, port: int, timeout: float) -> FlowDeckError:
    return source_failed(
        f"the peer at {address(host, port)} did not answer within {timeout:g} s; a FlowDeck "
        f"gateway answers at once, so it is busy, stuck, or not a FlowDeck gateway")


def futu_opend(host: str, port: int) -> FlowDeckError:
    return source_failed(
        f"the peer at {address(host, port)} looks like Futu OpenD (it answers with Futu's "
        f"binary 'FT' protocol), which FlowDeck's client does not speak; run "
        f"`flowdeck-gateway --port PORT --source futu://{address(host, port)}` and connect "
        f"the client to PORT instead")


def not_a_gateway(host: str, port: int, what: str) -> FlowDeckError:
    return source_failed(f"the peer at {address(host, port)} is not a FlowDeck gateway: {what}")


def closed_without_answer(host: str, port: int) -> FlowDeckError:
    hint = ""
    if port == FUTU_DEFAULT_PORT:
        hint = (f"; {port} is also Futu OpenD's default port: if OpenD runs there, start "
                f"`flowdeck-gateway --port PORT --source futu://{address(host, port)}` and "
                f"connect to PORT")
    return not_a_gateway(host, port, f"it closed the connection without answering{hint}")


def classify_first_bytes(host: str, port: int, data: bytes) -> FlowDeckError | None:
    """The error for a peer whose reply begins with `data`; None when it looks like HTTP
    (then the reply itself decides)."""
    if not data:
        return closed_without_answer(host, port)
    if data.startswith(FUTU_MAGIC):
        return futu_opend(host, port)
    if HTTP_MAGIC.startswith(data[:len(HTTP_MAGIC)]):
        return None
    return not_a_gateway(host, port, f"it answered {data[:40]!r}, which is not HTTP")


def probe_request(host: str, port: int) -> bytes:
    """A minimal HTTP request whose answer tells what kind of peer this is."""
    return (f"GET /v1/health HTTP/1.1\r\nHost: {address(host, port)}\r\n"
            f"Connection: close\r\n\r\n").encode("ascii")
