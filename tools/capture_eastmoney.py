"""Record East Money's real answers for a few codes, in the fake's format, so that
recorded reality can replace the invented fixtures of tests/support/fake_eastmoney/.

    python tools/capture_eastmoney.py SH.600519 SZ.000001 [--out FOLDER] [--rate 0.5]

Needs internet (East Money's public hosts; nothing else is contacted). For the codes
given (at most 10, Shanghai and Shenzhen) it asks, through the `eastmoney://` source's
own client and budget (one request every 2 s by default): `ulist.np/get` (their live
fields, one request), `fflow/kline/get` klt=1 (each one's minutes) and
`fflow/daykline/get` (each one's past days). Each answer goes to FOLDER (default
tests/support/fake_eastmoney/recorded/) as `<endpoint>-<secid>.json`:
`{"path", "params", "recorded_at", "answer"}`, the answer as East Money sent it but for
its server fields (`svr`, `rt`: where and how fast it answered), kline lists cut to
their last MAX_LINES lines and every file capped at MAX_BYTES. Nothing personal is
recorded: no cookie, no header, no address; the request carries none either.

It also prints what it found of East Money's conventions: per code, f62 (main net)
against f66 + f72 (super + large) and the four tier nets' sum (East Money sizes both
sides of every trade, so it is ~0). tests/support/fake_eastmoney/recorded.py answers the
fake's routes from such a folder.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "gui"))

from flowdeck.core.codes import normalise_code  # noqa: E402
from flowdeck.feeds.eastmoney.budget import RequestBudget  # noqa: E402
from flowdeck.feeds.eastmoney.client import EastMoneyClient  # noqa: E402
from flowdeck.feeds.eastmoney.fields import ULIST_PATH, secid, ulist_params  # noqa: E402
from flowdeck.feeds.eastmoney.history import DAYKLINE_PATH, daykline_params  # noqa: E402
from flowdeck.feeds.eastmoney.minutes import FFLOW_PATH, minutes_params  # noqa: E402
from flowdeck.feeds.eastmoney.rows import covered  # noqa: E402
from flowdeck.feeds.eastmoney.url import parse_eastmoney_url  # noqa: E402
from flowdeck.feeds.registry import split_source  # noqa: E402

MAX_CODES = 10
MAX_LINES = 300            # a kline list's last lines kept (a day has 241 minutes)
MAX_BYTES = 256 * 1024
DROPPED = ("svr", "rt")    # which server answered and how fast: not the data
DEFAULT_OUT = ROOT / "tests" / "support" / "fake_eastmoney" / "recorded"


def cleaned(answer: dict) -> dict:
    out = {k: v for k, v in answer.items() if k not in DROPPED}
    data = out.get("data")
    if isinstance(data, dict) and isinstance(data.get("klines"), list):
        out["data"] = {**data, "klines": data["klines"][-MAX_LINES:]}
    return out


def write(folder: Path, name: str, path: str, params: dict, answer: dict) -> Path:
    record = {"path": path, "params": params,
              "recorded_at": dt.datetime.now(dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ"),
              "answer": cleaned(answer)}
    text = json.dumps(record, ensure_ascii=False, indent=1)
    while len(text.encode()) > MAX_BYTES and record["answer"].get("data", {}).get("klines"):
        record["answer"]["data"]["klines"] = record["answer"]["data"]["klines"][1:]
        text = json.dumps(record, ensure_ascii=False, indent=1)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / name
    target.write_text(text[:MAX_BYTES], encoding="utf-8")
    return target


def conventions(answer: dict) -> list[str]:
    """Per row: f62 against f66 + f72, and the tier nets' sum."""
    lines = []
    diff = (answer.get("data") or {}).get("diff") or []
    for row in diff.values() if isinstance(diff, dict) else diff:
        try:
            sup, large, medium, small = (float(row[k]) for k in ("f66", "f72", "f78", "f84"))
            main = float(row["f62"])
        except (KeyError, TypeError, ValueError):
            lines.append(f"{row.get('f12')}: no numbers ('-': suspended?)")
            continue
        lines.append(f"{row.get('f12')}: f62 - (f66 + f72) = {main - (sup + large):.2f} yuan; "
                     f"tier nets sum to {sup + large + medium + small:.2f} yuan")
    return lines


async def capture(codes: list[str], out: Path, rate: float,
                  source: str = "eastmoney://") -> None:
    target = parse_eastmoney_url(source, split_source(source)[2])
    client = EastMoneyClient(target, RequestBudget(rate))
    try:
        params = ulist_params(codes)
        answer = await client.get("push2", ULIST_PATH, params)
        print(write(out, "ulist.json", ULIST_PATH, params, answer))
        print("\n".join(conventions(answer)))
        for code in codes:
            for host, path, made, name in (
                    ("push2", FFLOW_PATH, minutes_params(code), "fflow-kline"),
                    ("push2his", DAYKLINE_PATH, daykline_params(secid(code)), "fflow-daykline")):
                answer = await client.get(host, path, made)
                print(write(out, f"{name}-{secid(code)}.json", path, made, answer))
    finally:
        await client.aclose()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("codes", nargs="+", help="SH or SZ codes such as SH.600519")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument("--rate", type=float, default=0.5, help="requests a second")
    parser.add_argument("--source", default="eastmoney://",
                        help="eastmoney://HOST:PORT?tls=0 to record a mirror or the fake")
    args = parser.parse_args(argv)
    codes = list(dict.fromkeys(normalise_code(c) for c in args.codes))
    if len(codes) > MAX_CODES or not all(covered(c) for c in codes):
        parser.error(f"at most {MAX_CODES} codes, Shanghai (SH.) or Shenzhen (SZ.) only")
    asyncio.run(capture(codes, args.out, args.rate, args.source))
    return 0


if __name__ == "__main__":
    sys.exit(main())
