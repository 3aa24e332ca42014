"""`eastmoney://[HOST:PORT][?rate=R&timeout=S&wait=S&tls=0|1]`: where the source's requests go.

`eastmoney://` alone talks to East Money's public hosts (push2 for the day's quotes and
minutes, push2his for past days). With HOST:PORT every request goes to that one server
instead, its path and query unchanged (a test fake, a caching proxy, a desk's mirror);
`tls=0` speaks plain HTTP to it (the default is HTTPS). `rate` is the budget in requests
per second for the whole source (default 1: East Money blocks addresses that ask often).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from ...core.errors import invalid_param
from ..url_parts import check_options, host_port, positive_seconds

PUBLIC_HOSTS = {"push2": "https://push2.eastmoney.com",
                "push2his": "https://push2his.eastmoney.com"}
DEFAULT_RATE = 1.0      # requests per second, every endpoint together
MAX_RATE = 20.0         # above this the budget protects nobody
DEFAULT_TIMEOUT = 10.0  # seconds for each request
DEFAULT_WAIT = 10.0     # how long a snapshot waits for its codes' first quotes
_OPTIONS = ("rate", "timeout", "wait", "tls")
_EXAMPLE = "eastmoney://127.0.0.1:8080?tls=0"


@dataclass(frozen=True, slots=True)
class EastMoneyTarget:
    """Where each of East Money's hosts is reached, and the source's pace."""
    hosts: Mapping[str, str]   # "push2" / "push2his" -> scheme://host[:port]
    rate: float = DEFAULT_RATE
    timeout: float = DEFAULT_TIMEOUT
    wait: float = DEFAULT_WAIT
    public: bool = True

    def url(self, host: str, path: str) -> str:
        return self.hosts[host] + path


def parse_eastmoney_url(url: str, options: Mapping[str, str]) -> EastMoneyTarget:
    """The target of `eastmoney://...`; INVALID_PARAM naming what is wrong otherwise."""
    check_options("eastmoney", options, _OPTIONS)
    rest = url.strip().split("://", 1)[1] if "://" in url else ""
    rest = rest.split("?", 1)[0].rstrip("/")
    rate = _rate(options["rate"]) if "rate" in options else DEFAULT_RATE
    timing = {name: positive_seconds("eastmoney", name, options[name])
              for name in ("timeout", "wait") if name in options}
    tls = options.get("tls", "1")
    if tls not in ("0", "1"):
        raise invalid_param(f"eastmoney: tls must be 0 or 1, got {tls!r}",
                            "source.eastmoney_tls", value=repr(tls))
    if not rest:
        if "tls" in options:
            raise invalid_param("eastmoney: tls applies to a HOST:PORT only, as in "
                                f"{_EXAMPLE}", "source.eastmoney_tls_host", example=_EXAMPLE)
        return EastMoneyTarget(PUBLIC_HOSTS, rate, **timing)
    host, port = host_port("eastmoney", url.split("?", 1)[0], _EXAMPLE)
    shown = f"[{host}]" if ":" in host else host
    base = f"{'https' if tls == '1' else 'http'}://{shown}:{port}"
    return EastMoneyTarget({name: base for name in PUBLIC_HOSTS}, rate, public=False,
                           **timing)


def _rate(text: str) -> float:
    try:
        rate = float(text)
    except ValueError:
        rate = math.nan
    if not (math.isfinite(rate) and 0 < rate <= MAX_RATE):
        raise invalid_param(f"eastmoney: rate must be a number of requests a second, more "
                            f"than 0 and at most {MAX_RATE:g}, got {text!r}",
                            "source.eastmoney_rate", value=repr(text), limit=f"{MAX_RATE:g}")
    return rate


def check_eastmoney_source(url: str, options: Mapping[str, str]) -> None:
    """The registry's check: the URL and its options."""
    parse_eastmoney_url(url, options)
