"""README's [[alerts]] examples load as the rules they describe (a key renamed in the
code and not in README would fail here)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from flowdeck.core.alert_rules import Condition, Op, rules_from_config

README = Path(__file__).resolve().parents[2] / "README.md"


def alert_tables() -> list[dict]:
    text = README.read_text(encoding="utf-8")
    blocks = re.findall(r"```toml\n(.*?)```", text, re.DOTALL)
    return [table for block in blocks if "[[alerts]]" in block
            for table in tomllib.loads(block)["alerts"]]


def test_every_readme_rule_loads() -> None:
    tables = alert_tables()
    rules, problems = rules_from_config(tables)
    assert not problems and len(rules) == len(tables) >= 3
    (anded,) = [r for r in rules if r.and_conditions]
    assert anded.and_conditions == (Condition("main_net_inflow_ratio", Op.GT, 0.02, 0.005),)
    assert (anded.once_per_day, anded.expires, anded.channels) == (
        True, "2026-12-31", ("desk-dingtalk",))
