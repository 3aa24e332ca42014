"""What a web page in a browser beside the gateway could send, refused before anything
else looks at the request.

- A `Host` that is not this machine's loopback (`localhost`, `*.localhost`, 127.0.0.0/8,
  ::1), the address the gateway listens on, or one the user allowed: 421. A page on a
  rebinding DNS name (`evil.example` resolving to 127.0.0.1) carries its own name here.
- An `Origin` not on the allow-list (empty by default): 403; the WebSocket upgrade too.
  Programs send no Origin; browsers send one with every cross-origin fetch and upgrade.
  No CORS headers are ever sent, so a browser lets no page read an answer.
- `Sec-Fetch-Site: cross-site` or `same-site` (an `<img>` or a form on another page, or
  on another port of localhost) without an allowed Origin: 403.
- A POST whose body is not `application/json` (a plain HTML form can send text/plain,
  urlencoded or multipart, without a CORS preflight): 415.

None of this replaces the token (auth.py): an `<img>` GET has the right Host and no
Origin, and old browsers send no Sec-Fetch headers.
"""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable

from aiohttp import web

from ..core.errors import invalid_param
from .addresses import is_loopback_host, is_wildcard_host
from .refusals import RefusalLog
from .responses import JSON, error_response

MISDIRECTED = 421
CROSS_SITE = frozenset({"cross-site", "same-site"})


def host_name(header: str) -> str:
    """The name or address in a Host header, lower case, without port or brackets."""
    text = header.strip().lower()
    if text.startswith("["):
        return text[1:].partition("]")[0]
    if text.count(":") == 1:
        text = text.partition(":")[0]
    return text.rstrip(".")


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


class HostPolicy:
    """The Host names the gateway answers to: loopback, the address it listens on, and
    `extra` (the user's --allow-host values; `*` allows any). On a wildcard bind any IP
    literal and this machine's own name are allowed too: a page can only carry an IP
    literal in Host when it was itself loaded from that address."""

    def __init__(self, bind_host: str = "127.0.0.1", extra: Iterable[str] = ()) -> None:
        names = {host_name(h) for h in extra if h.strip()}
        self.any = "*" in names
        self.wildcard = is_wildcard_host(bind_host)
        if not self.wildcard:
            names.add(host_name(bind_host))
        else:
            hostname = socket.gethostname().lower()
            names |= {hostname, hostname.partition(".")[0]}
        self.names = frozenset(names - {"*", ""})

    def allows(self, name: str) -> bool:
        return (self.any or name in self.names or is_loopback_host(name)
                or (self.wildcard and _is_ip(name)))


def normalise_origin(origin: str) -> str:
    return origin.strip().rstrip("/").lower()


def browser_guard(hosts: HostPolicy, origins: Iterable[str] = (),
                  refusals: RefusalLog | None = None):
    """The middleware refusing what only a browser page would send (module docstring)."""
    allowed_origins = frozenset(normalise_origin(o) for o in origins if o.strip())
    refusals = refusals or RefusalLog()

    def refuse(request: web.Request, status: int, message: str) -> web.Response:
        refusals.note(request, status, message)
        return error_response(invalid_param(message), status)

    @web.middleware
    async def guard(request: web.Request, handler) -> web.StreamResponse:
        headers = request.headers
        host = headers.get("Host")
        if host is not None and not hosts.allows(host_name(host)):
            return refuse(request, MISDIRECTED,
                          f"this gateway does not answer to the host {host!r}; use "
                          f"127.0.0.1 or localhost (or start it with --allow-host NAME)")
        origin = headers.get("Origin")
        allowed_origin = origin is not None and normalise_origin(origin) in allowed_origins
        if origin is not None and not allowed_origin:
            return refuse(request, 403, f"requests from web pages (Origin {origin!r}) "
                                        f"are refused; allow one with --allow-origin")
        if headers.get("Sec-Fetch-Site", "").lower() in CROSS_SITE and not allowed_origin:
            return refuse(request, 403, "requests from other sites' web pages are refused")
        if request.method == "POST" and request.content_type != JSON:
            return refuse(request, 415, f"a POST body must be JSON with 'Content-Type: "
                                        f"{JSON}', not {request.content_type!r}")
        return await handler(request)

    return guard
