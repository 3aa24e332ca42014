"""The fake's routes answered from answers East Money really gave, as
tools/capture_eastmoney.py records them (`<endpoint>-<secid>.json`, `ulist.json`):
`ulist.np/get` from the recorded rows of the secids asked (fields as asked), the
`fflow/kline` and `fflow/daykline` answers by secid (`data: null` for one not
recorded), so that a test written against invented fixtures can run on recorded ones."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

from .server import FakeEastMoney


class RecordedAnswers:
    def __init__(self, folder: Path) -> None:
        self.by_path: dict[str, dict[str, dict]] = {}   # path -> secid -> answer
        self.rows: dict[str, dict] = {}                 # secid -> a ulist row
        for file in sorted(Path(folder).glob("*.json")):
            record = json.loads(file.read_text(encoding="utf-8"))
            answer = record["answer"]
            if "secids" in record["params"]:
                diff = (answer.get("data") or {}).get("diff") or []
                for row in diff.values() if isinstance(diff, Mapping) else diff:
                    self.rows[f"{row['f13']}.{row['f12']}"] = row
                self.ulist_path = record["path"]
            else:
                self.by_path.setdefault(record["path"], {})[record["params"]["secid"]] = answer

    def route_into(self, fake: FakeEastMoney) -> None:
        fake.route(self.ulist_path, self.ulist)
        for path, answers in self.by_path.items():
            fake.route(path, lambda params, answers=answers: answers.get(
                params.get("secid", ""), {"rc": 0, "lt": 1, "full": 0, "data": None}))

    def ulist(self, params: Mapping[str, str]) -> dict:
        wanted = [f for f in params.get("fields", "").split(",") if f]
        rows = [{k: self.rows[s][k] for k in wanted if k in self.rows[s]}
                for s in params.get("secids", "").split(",") if s in self.rows]
        if not rows:
            return {"rc": 0, "lt": 1, "full": 1, "data": None}
        return {"rc": 0, "lt": 1, "full": 1, "data": {"total": len(rows), "diff": rows}}
