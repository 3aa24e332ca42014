"""Inputs for the atheris run of tests/fuzz/long_run.py, built from the fuzzer's bytes
(a FuzzedDataProvider): JSON-ish values, valid envelopes and batches with parts mutated,
raw bytes, text; one builder per target."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any


def _fdp_value(fdp: Any, known: list, depth: int = 0) -> Any:
    """A JSON-ish value from the fuzzer's bytes."""
    kind = fdp.ConsumeIntInRange(0, 9 if depth < 4 else 5)
    if kind == 0:
        return None
    if kind == 1:
        return fdp.ConsumeBool()
    if kind == 2:
        return fdp.PickValueInList([0, -1, 1, 1001, 1002, 1016, 2**31, 2**63, 10**400,
                                    fdp.ConsumeInt(8)])
    if kind == 3:
        return fdp.ConsumeRegularFloat() if fdp.ConsumeBool() else fdp.ConsumeFloat()
    if kind == 4:
        return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 24))
    if kind == 5:
        return fdp.PickValueInList(known)
    if kind in (6, 7):
        return [_fdp_value(fdp, known, depth + 1) for _ in range(fdp.ConsumeIntInRange(0, 4))]
    keys = known if fdp.ConsumeBool() else [fdp.ConsumeUnicodeNoSurrogates(6)]
    return {str(fdp.PickValueInList(keys)): _fdp_value(fdp, known, depth + 1)
            for _ in range(fdp.ConsumeIntInRange(0, 5))}


def _mutated(fdp: Any, template: Any, known: list) -> Any:
    """`template` (a valid value) with up to 4 parts replaced, removed or added."""
    value = json.loads(json.dumps(template))
    for _ in range(fdp.ConsumeIntInRange(0, 4)):
        node = value
        for _ in range(fdp.ConsumeIntInRange(0, 4)):
            children = list(node) if isinstance(node, dict) else \
                list(range(len(node))) if isinstance(node, list) else []
            if not children:
                break
            key = fdp.PickValueInList(children)
            if not isinstance(node[key], dict | list):
                break
            node = node[key]
        if isinstance(node, dict) and node:
            key = fdp.PickValueInList(list(node))
        elif isinstance(node, list) and node:
            key = fdp.ConsumeIntInRange(0, len(node) - 1)
        else:
            continue
        action = fdp.ConsumeIntInRange(0, 3)
        if action == 0:
            del node[key]
        elif action == 1 and isinstance(node, list):
            node.append(_fdp_value(fdp, known))
        else:
            node[key] = _fdp_value(fdp, known)
    return value


def atheris_inputs() -> dict[str, Callable[[Any], Any]]:
    """target name -> function of a FuzzedDataProvider giving the target's input."""
    from flowdeck.core.batch import Batch
    from flowdeck.core.envelope import success_envelope
    from flowdeck.core.wire import encode_batch
    from tests.fuzz import strategies as s
    from tests.support.server_fakes import tick_detail, tick_record

    known = [*s.KNOWN_KEYS, *s.CODES, "batch", "error", "SUCCESS", "open", "closed", ">",
             "crosses", "5000万", "12%", "NaN"]
    codes = ["HK.00700", "US.AAPL", "SH.600519"]
    records = [tick_record(c, 3) for c in codes]
    flow = success_envelope(records, {"SZ.000001": (1016, "no")})
    detail = success_envelope([{**tick_detail(c, 3).to_dict(), "minutes": [0, 1],
                                "series": {n: [1.0, 2.0] for n in
                                           ("main", "retail", "super", "large", "medium",
                                            "small")}} for c in codes],
                              list_key="capital_detail_list")
    batch = json.loads(json.dumps(encode_batch(Batch(
        records={r.code: r for r in records}, details={c: tick_detail(c, 3) for c in codes},
        snapshot=True))))
    batch["points"] = {"HK.00700": {"minutes": [0, 1], "values": [[1] * 6, [2] * 6]}}
    batch["errors"] = [{"code": "SZ.000001", "ret_code": 1016, "ret_msg": "x"}]
    batch["markets"] = {"HK": {"state": "open", "local_time": "2025-03-12 10:00:00"}}
    table = {"scope": "code:HK.700", "field": "main_net_inflow", "op": ">",
             "threshold": "5000万", "hysteresis": "100万", "cooldown_s": 60,
             "enabled": True, "note": "n"}
    sub = {"op": "subscribe", "stock_list": ["HK.00700", "US.AAPL"], "market": None}

    def value(fdp, template):
        choice = fdp.ConsumeIntInRange(0, 3)
        if choice == 0:
            return _fdp_value(fdp, known)
        return _mutated(fdp, template, known)

    def text(fdp, template):
        choice = fdp.ConsumeIntInRange(0, 5)
        if choice == 0:
            return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 200))
        if choice == 1:
            n = fdp.ConsumeIntInRange(1, 200_000)
            return "[" * n + "]" * fdp.ConsumeIntInRange(0, n)
        made = value(fdp, template)
        return json.dumps(made) if _dumpable(made) else str(made)

    def code_text(fdp):
        if fdp.ConsumeBool():
            return fdp.PickValueInList(s.CODES)
        return fdp.ConsumeUnicodeNoSurrogates(fdp.ConsumeIntInRange(0, 16))

    def market(fdp):
        return fdp.PickValueInList([None, "", "HK", "us", " SH ", "XX", 5, ["HK"]])

    return {
        "code": lambda f: (code_text(f) if f.ConsumeIntInRange(0, 4) else
                           _fdp_value(f, known), market(f)),
        "stock_list": lambda f: (value(f, codes), market(f)),
        "envelope": lambda f: value(f, flow if f.ConsumeBool() else detail),
        "reply_bytes": lambda f: (f.ConsumeBytes(f.ConsumeIntInRange(0, 300))
                                  if f.ConsumeIntInRange(0, 3) == 0 else
                                  text(f, flow if f.ConsumeBool() else detail).encode(),
                                  f.PickValueInList([200, 400, 503])),
        "batch": lambda f: value(f, batch),
        "stream_message": lambda f: text(f, batch),
        "rule_expression": lambda f: (f.PickValueInList(
            ["main_net_inflow", "主力净流入", "Main net inflow", "x", ""])
            + f.PickValueInList([" > ", ">=", " crosses ", "<", " = ", ""])
            + f.ConsumeUnicodeNoSurrogates(f.ConsumeIntInRange(0, 12))
            if f.ConsumeBool() else f.ConsumeUnicodeNoSurrogates(40), "all"),
        "rules_config": lambda f: value(f, [table, table]),
        "http_request": lambda f: (
            f.PickValueInList(["GET", "POST", "PUT", "DELETE"]),
            f.PickValueInList(["/v1/capital_flow", "/v1/capital_detail", "/v1/health",
                               "/v1/" + f.ConsumeUnicodeNoSurrogates(8)]),
            [(f.PickValueInList(["stock_list", "market", "x"]),
              f.ConsumeUnicodeNoSurrogates(f.ConsumeIntInRange(0, 30)))
             for _ in range(f.ConsumeIntInRange(0, 3))],
            None if f.ConsumeIntInRange(0, 4) == 0 else
            f.ConsumeBytes(f.ConsumeIntInRange(0, 200)) if f.ConsumeBool() else
            text(f, {"stock_list": codes, "market": "HK"}).encode(),
            f.PickValueInList([None, "application/json", "text/plain"]),
            f.PickValueInList([None, None, None, "gzip", "deflate", "x"])),
        "ws_message": lambda f: text(f, sub),
    }


def _dumpable(value: Any) -> bool:
    try:
        json.dumps(value, allow_nan=True)
    except (ValueError, TypeError, RecursionError):
        return False
    return True
