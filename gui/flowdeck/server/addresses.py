"""Which addresses are loopback, whether a source URL points back at this gateway, and
source URLs with their secrets blanked for logs and /v1/health (from core.redact)."""

from __future__ import annotations

import ipaddress
import socket
from urllib.parse import urlsplit

from ..core.redact import redact_source
from ..feeds.registry import split_source

__all__ = ["gateway_address", "is_loopback_address", "is_loopback_host", "is_wildcard_host",
           "points_at_self", "redact_source", "resolve_bind_host"]

DEFAULT_GATEWAY_PORT = 11111
_WILDCARDS = {"", "0.0.0.0", "::", "*"}


def _bare(host: str) -> str:
    return host.strip().strip("[]").lower()


def is_loopback_host(host: str) -> bool:
    """True for localhost names and loopback IPs (127.0.0.0/8, ::1, ::ffff:127.x).
    Other names count as not loopback: a name is not trusted to resolve locally."""
    h = _bare(host)
    return h == "localhost" or h.endswith(".localhost") or is_loopback_address(h)


def is_wildcard_host(host: str) -> bool:
    return _bare(host) in _WILDCARDS


def gateway_address(source: str) -> tuple[str, int] | None:
    """(host, port) of a `gateway://host:port` source; None for other sources or when
    the address cannot be read (the feed itself reports that)."""
    try:
        scheme, rest, _ = split_source(source)
    except Exception:
        return None
    if scheme != "gateway":
        return None
    try:
        parts = urlsplit(f"//{rest}")
        port = parts.port or DEFAULT_GATEWAY_PORT
    except ValueError:
        return None
    return parts.hostname or "", port


def points_at_self(source: str, host: str, port: int) -> bool:
    """Whether `source` is this gateway's own address: the gateway would feed itself.
    localhost, 127.0.0.1 and ::1 are one place; a wildcard bind includes them."""
    target = gateway_address(source)
    if target is None or port == 0:
        return False
    src_host, src_port = target
    if src_port != port:
        return False
    if _bare(src_host) == _bare(host):
        return True
    if is_loopback_host(src_host) and (is_loopback_host(host) or is_wildcard_host(host)):
        return True
    return is_wildcard_host(src_host)


def resolve_bind_host(host: str) -> list[str]:
    """The addresses a `--host` name resolves to (an address or a wildcard as it is), so
    that what is checked (is_loopback_address) is what gets bound. OSError
    (socket.gaierror) when the name does not resolve."""
    bare = _bare(host)
    if is_wildcard_host(host):
        return [host]
    try:
        ipaddress.ip_address(bare)
        return [bare]
    except ValueError:
        pass
    infos = socket.getaddrinfo(bare, None, type=socket.SOCK_STREAM)
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def is_loopback_address(address: str) -> bool:
    """Whether an IP address (as bound, not a name) is loopback."""
    try:
        ip = ipaddress.ip_address(_bare(address).partition("%")[0])
    except ValueError:
        return False
    mapped = getattr(ip, "ipv4_mapped", None)
    return ip.is_loopback or (mapped is not None and mapped.is_loopback)
