"""The spec's response envelope, built once for the CLI, the gateway and the client."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from .errors import RET_OK, ErrorCode, FlowDeckError
from .records import CapitalFlowRecord

SUCCESS = "SUCCESS"


def success_envelope(records: Iterable[CapitalFlowRecord | dict],
                     errors: Mapping[str, tuple[int, str]] | None = None,
                     list_key: str = "capital_flow_list", source: str = "") -> dict:
    """`{"ret_code": 0, "ret_msg": "SUCCESS", "data": {list_key: [...]}}`; codes that
    failed while others succeeded go in `data.errors` as {code, ret_code, ret_msg};
    `source`, when given, says whose numbers the records are in `data.source` (sim,
    replay, futu, eastmoney: East Money's convention is not FlowDeck's), never in a
    record's 14 keys."""
    rows = [r.to_dict() if hasattr(r, "to_dict") else dict(r) for r in records]
    data: dict = {list_key: rows}
    if errors:
        data["errors"] = [error_item(code, err) for code, err in errors.items()]
    if source:
        data["source"] = source
    return {"ret_code": RET_OK, "ret_msg": SUCCESS, "data": data}


def error_item(code: str, err: tuple[int, str]) -> dict:
    number, message = err
    return {"code": code, "ret_code": int(number),
            "ret_msg": f"{ErrorCode(number).name}: {message}"}


def error_envelope(error: FlowDeckError) -> dict:
    return error.envelope()


def all_failed(codes: Iterable[str], errors: Mapping[str, tuple[int, str]]) -> FlowDeckError:
    """When every code asked for failed at the source: one 1016 naming them."""
    parts = "; ".join(f"{c}: {errors[c][1]}" for c in codes if c in errors)
    return FlowDeckError(ErrorCode.GET_CAPITAL_FLOW_FAILED, parts or "no data")
