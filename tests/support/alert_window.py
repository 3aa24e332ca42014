"""Alerts in the window: a config with many rules that fire within seconds on a fast
simulator, and the alert log file read back."""

from __future__ import annotations

import json

import numpy as np

from flowdeck.storage import paths
from flowdeck.storage.alert_log import alert_log_path

ALERT_SOURCE = "sim?speed=600&seed=7"


def grid_rules() -> str:
    """Ratio crossings every 0.5 % from -60 % to 60 %: some fire within seconds."""
    out = []
    for x in np.arange(-60, 60.5, 0.5):
        out.append('[[alerts]]\nscope = "all"\nfield = "main_net_inflow_ratio"\n'
                   f'op = "crosses"\nthreshold = "{x:.1f}%"\ncooldown_s = 0\n')
    return "\n".join(out)


def write_config(text: str = "") -> None:
    """The config: the fast simulator, `text`, and one bad rule (a percentage threshold on
    an amount) that the window reports and keeps."""
    path = paths.config_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    bad = ('[[alerts]]\nscope = "all"\nfield = "main_net_inflow"\nop = ">"\n'
           'threshold = "12%"\n')
    path.write_text(f'[source]\nurl = "{ALERT_SOURCE}"\n\n{text}\n{bad}', encoding="utf-8")


def log_lines() -> list[dict]:
    path = alert_log_path()
    if not path.exists():
        return []
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
