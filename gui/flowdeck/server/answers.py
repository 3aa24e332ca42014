"""What the hub answers from memory: the /v1/capital_flow and /v1/capital_detail bodies
of followed codes, and a code's part of a /v1/stream snapshot. No asyncio, no feed."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..core.envelope import all_failed
from ..core.errors import ErrorCode
from ..core.stock_info import Universe, info_of, quote_dict
from .fragments import dumps, envelope_body
from .state import CodeChange, CodeState, FlowState

NO_DATA = (int(ErrorCode.GET_CAPITAL_FLOW_FAILED), "the source returned no data for this code")
NO_DETAIL = (int(ErrorCode.GET_CAPITAL_FLOW_FAILED), "the source returned no detail for this code")


def flow_body(state: FlowState, codes: Sequence[str],
              failed: dict[str, tuple[int, str]] | None = None, source: str = "") -> bytes:
    """The /v1/capital_flow answer for codes already followed; `source` whose numbers
    they are (data.source: feeds/origin.py)."""
    known = state.codes
    items: list[str] = []
    errors: dict[str, tuple[int, str]] = {}
    for code in codes:
        st = known.get(code)
        if failed and code in failed:
            errors[code] = failed[code]
        elif st is None or st.record is None:
            errors[code] = st.error if st is not None and st.error else NO_DATA
        elif st.error is not None:
            errors[code] = st.error
        else:
            items.append(st.record_json)
    if not items:
        raise all_failed(codes, errors)
    return envelope_body("capital_flow_list", items, errors, source)


def detail_body(state: FlowState, codes: Sequence[str],
                failed: dict[str, tuple[int, str]] | None = None, source: str = "") -> bytes:
    def item(code: str, _st: CodeState) -> str | tuple[int, str]:
        got = state.detail_item(code)
        return NO_DETAIL if got is None else got
    return _body(state, codes, failed, "capital_detail_list", item, source)


def quote_body(state: FlowState, codes: Sequence[str], universe: Universe | None,
               failed: dict[str, tuple[int, str]] | None = None, source: str = "") -> bytes:
    """The /v1/quote answer: each followed code's name, price and turnover."""
    def item(code: str, st: CodeState) -> str:
        turnover = float(st.detail.turnover) if st.detail is not None else None
        return dumps(quote_dict(st.quote, info_of(universe, code), turnover))
    return _body(state, codes, failed, "quote_list", item, source)


def _body(state: FlowState, codes: Sequence[str], failed: dict[str, tuple[int, str]] | None,
          key: str, item: Callable[[str, CodeState], str | tuple[int, str]],
          source: str = "") -> bytes:
    """An answer of followed codes: `item` of each code with a state and no error (or
    the error it gives), the others' errors; 1016 for all when none has an item."""
    items: list[str] = []
    errors: dict[str, tuple[int, str]] = {}
    for code in codes:
        st = state.codes.get(code)
        if failed and code in failed:
            errors[code] = failed[code]
        elif st is None or st.error is not None:
            errors[code] = st.error if st is not None and st.error else NO_DATA
        else:
            got = item(code, st)
            if isinstance(got, str):
                items.append(got)
            else:
                errors[code] = got
    if not items:
        raise all_failed(codes, errors)
    return envelope_body(key, items, errors, source)


def snapshot_change(state: FlowState, code: str, failed: tuple[int, str] | None,
                    source_error: str | None) -> CodeChange:
    """A code's part of a stream snapshot; `source_error`: why the source is failing,
    None while it is live."""
    st = state.codes.get(code)
    if failed is not None or st is None:
        return CodeChange(error=failed or NO_DATA, snapshot=True)
    error = st.error
    if source_error is not None:
        error = (int(ErrorCode.GET_CAPITAL_FLOW_FAILED), f"source failed: {source_error}")
    elif st.record is None and error is None:
        error = NO_DATA
    return CodeChange(record=st.record_json or None, detail=st.detail_json or None,
                      points=state.day_chunk(code), error=error, snapshot=True,
                      quote=st.quote_json or None)
