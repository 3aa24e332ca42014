"""`futu://host:port[?timeout=S&wait=S]`: the Futu source's URL and its options."""

from __future__ import annotations

from collections.abc import Mapping

from ..url_parts import check_options, host_port, positive_seconds
from .sdk import require_sdk

DEFAULT_TIMEOUT = 10.0   # seconds for connecting and for each request
DEFAULT_WAIT = 20.0      # how long a snapshot waits for codes it has no data for
_OPTIONS = ("timeout", "wait")
_EXAMPLE = "futu://127.0.0.1:11111"


def parse_futu_url(url: str, options: Mapping[str, str]) -> dict:
    """host, port, timeout, wait from `futu://host:port?...`; INVALID_PARAM naming what
    is wrong otherwise."""
    check_options("futu", options, _OPTIONS)
    host, port = host_port("futu", url, _EXAMPLE,
                           port_hint=" (OpenD's default port is 11111)")
    out: dict = {"host": host, "port": port}
    for name in _OPTIONS:
        if name in options:
            out[name] = positive_seconds("futu", name, options[name])
    return out


def check_futu_source(url: str, options: Mapping[str, str]) -> None:
    """The registry's check: the URL, then futu-api (without it, the message naming the
    extra at once rather than when the source opens)."""
    parse_futu_url(url, options)
    require_sdk()
