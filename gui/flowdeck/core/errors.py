"""The spec's error codes and the one exception type that carries them."""

from __future__ import annotations

import enum
from collections.abc import Mapping

RET_OK = 0
RET_ERROR = -1


class ErrorCode(enum.IntEnum):
    INVALID_PARAM = 1001
    INVALID_CODE = 1002
    GET_CAPITAL_FLOW_FAILED = 1016


class FlowDeckError(Exception):
    """An error the spec names: `code` is an ErrorCode, `message` says what is wrong (in
    English, for the API and logs). `reason` (a stable key such as "code.format", "" when
    none) and `params` (the values the message names) let a front end say the same in
    its user's language."""

    def __init__(self, code: ErrorCode | int, message: str, reason: str = "",
                 params: Mapping[str, object] | None = None) -> None:
        self.code = ErrorCode(code)
        self.message = message
        self.reason = reason
        self.params = dict(params or {})
        super().__init__(f"{self.code.name}: {message}")

    def __reduce__(self):  # keep it picklable across processes
        return (type(self), (int(self.code), self.message, self.reason, self.params))

    def envelope(self) -> dict:
        """The spec's envelope for this error (`ret_code` is the spec's code)."""
        return {"ret_code": int(self.code), "ret_msg": str(self), "data": None}


def invalid_param(message: str, reason: str = "", **params: object) -> FlowDeckError:
    return FlowDeckError(ErrorCode.INVALID_PARAM, message, reason, params)


def invalid_code(message: str, reason: str = "", **params: object) -> FlowDeckError:
    return FlowDeckError(ErrorCode.INVALID_CODE, message, reason, params)


def source_failed(message: str, reason: str = "", **params: object) -> FlowDeckError:
    return FlowDeckError(ErrorCode.GET_CAPITAL_FLOW_FAILED, message, reason, params)
