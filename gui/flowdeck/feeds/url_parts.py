"""The parts every `scheme://host:port?option=...` source URL shares: known options,
host and port, and positive numbers of seconds, each refused with a 1001 message that
names the scheme and what is wrong."""

from __future__ import annotations

import math
from collections.abc import Collection, Mapping
from urllib.parse import urlsplit

from ..core.errors import invalid_param


def check_options(scheme: str, options: Mapping[str, str], known: Collection[str]) -> None:
    unknown = sorted(set(options) - set(known))
    if unknown:
        raise invalid_param(f"{scheme}: unknown option {unknown[0]!r}; "
                            f"known options: {', '.join(known)}", "source.unknown_option",
                            scheme=scheme, option=repr(unknown[0]), known=", ".join(known))


def host_port(scheme: str, url: str, example: str, shown: str | None = None,
              port_hint: str = "") -> tuple[str, int]:
    """(host, port) of `url`; `shown` is the URL as messages may quote it (without a
    token, say)."""
    shown = url if shown is None else shown
    parts = urlsplit(url.strip())
    try:
        port = parts.port
        if port == 0:
            raise ValueError(port)
    except ValueError:
        raise invalid_param(f"{scheme}: bad port in {shown!r}; expected a number 1-65535 "
                            f"as in {example}", "source.bad_port", scheme=scheme,
                            url=repr(shown), example=example) from None
    if not parts.hostname:
        raise invalid_param(f"{scheme}: no host in {shown!r}; expected e.g. {example}",
                            "source.no_host", scheme=scheme, url=repr(shown), example=example)
    if port is None:
        raise invalid_param(f"{scheme}: no port in {shown!r}; expected e.g. {example}"
                            f"{port_hint}", "source.no_port", scheme=scheme, url=repr(shown),
                            example=example)
    if parts.path not in ("", "/"):
        raise invalid_param(f"{scheme}: unexpected path {parts.path!r} in {shown!r}; "
                            f"expected e.g. {example}", "source.path", scheme=scheme,
                            path=repr(parts.path), url=repr(shown), example=example)
    return parts.hostname, port


def positive_seconds(scheme: str, name: str, text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = math.nan
    if not (math.isfinite(value) and value > 0):
        raise invalid_param(f"{scheme}: {name} must be a number of seconds > 0, "
                            f"got {text!r}", "source.seconds", scheme=scheme, name=name,
                            value=repr(text))
    return value
