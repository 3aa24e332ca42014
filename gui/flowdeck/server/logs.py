"""Structured logging: one line per event, `key=value` pairs, to stderr.

    ts=2025-03-12T10:30:00.123 level=info event=listening url=http://127.0.0.1:11111

Access lines are DEBUG (`--log-level debug` shows them), so a load test is not a test
of the logger.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import Any

from aiohttp.abc import AbstractAccessLogger
from aiohttp.web import BaseRequest, StreamResponse

_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                   "._-:/?&,+%@*[]()")


def _value(value: object) -> str:
    text = value if isinstance(value, str) else str(value)
    if text and all(ch in _PLAIN for ch in text):
        return text
    return json.dumps(text, ensure_ascii=False)


class KeyValueFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        ts = dt.datetime.fromtimestamp(record.created).isoformat(timespec="milliseconds")
        fields: dict[str, Any] = {"ts": ts, "level": record.levelname.lower(),
                                  "event": record.getMessage()}
        fields.update(getattr(record, "fields", {}) or {})
        if record.exc_info:
            fields["exc"] = self.formatException(record.exc_info)
        return " ".join(f"{k}={_value(v)}" for k, v in fields.items())


def log_event(logger: logging.Logger, level: int, event: str, **fields: object) -> None:
    if logger.isEnabledFor(level):
        logger.log(level, event, extra={"fields": fields})


def setup_logging(level: str = "info", stream=None) -> None:
    """`level` for flowdeck's own loggers; other libraries (asyncio, aiohttp) stay at
    INFO and above, so that debug shows the gateway's events, not the selector's."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(KeyValueFormatter())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    numeric = logging.getLevelName(level.upper())
    root.setLevel(max(numeric, logging.INFO))
    logging.getLogger("flowdeck").setLevel(numeric)


class AccessLogger(AbstractAccessLogger):
    """aiohttp access lines as DEBUG events; skipped entirely above DEBUG."""

    def log(self, request: BaseRequest, response: StreamResponse, time: float) -> None:
        log_event(self.logger, logging.DEBUG, "access", method=request.method,
                  path=request.path, status=response.status,
                  ms=round(time * 1000, 2), peer=request.remote or "")

    @property
    def enabled(self) -> bool:
        return self.logger.isEnabledFor(logging.DEBUG)
