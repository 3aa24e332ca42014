"""The spec's example code runs as written, with only its import line changed
(`from futu import *` -> `from flowdeck.api import *`), against a real gateway.

The gateway listens on the example's port 11111 when that port is free. When it is
taken (a developer's own gateway or Futu OpenD), the example's `port=11111` is
rewritten to the test gateway's port, and nothing else: the test still runs and says so
in its output."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.api.conftest import SPEC_PORT
from tests.gateway_proc import GUI

# A test that starts a process, a display server or real sockets and servers: the e2e tier.
pytestmark = pytest.mark.e2e

REPO = Path(__file__).resolve().parents[2]
SPEC = REPO.parent / "shared" / "spec" / "capital_flow_api.zh.md"
EXAMPLE = REPO / "examples" / "spec_example.py"
SPEC_IMPORT, OUR_IMPORT = "from futu import *", "from flowdeck.api import *"
LABELS = ["更新时间", "主力净流入", "主力净流入比例", "散户净流入", "散户净流入比例",
          "超大单净流入", "超大单净流入比例", "大单净流入", "大单净流入比例",
          "中单净流入", "中单净流入比例", "小单净流入", "小单净流入比例"]


def spec_code() -> str:
    if not SPEC.exists():
        pytest.skip(f"the spec is not beside the checkout ({SPEC})")
    blocks = re.findall(r"```python\n(.*?)```", SPEC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 1, "the spec should hold exactly one python example"
    assert blocks[0].count(SPEC_IMPORT) == 1
    return blocks[0]


def run_example(code: str, port: int) -> str:
    if port != SPEC_PORT:
        assert code.count(f"port={SPEC_PORT}") == 1
        code = code.replace(f"port={SPEC_PORT}", f"port={port}")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([GUI, os.environ.get("PYTHONPATH", "")])}
    env.pop("FLOWDECK_TOKEN", None)
    proc = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True,
                          text=True, encoding="utf-8", timeout=30)
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    return proc.stdout


def note_port(port: int) -> None:
    if port != SPEC_PORT:
        print(f"port {SPEC_PORT} is taken: the example's port is rewritten to {port}")


def check_output(out: str) -> None:
    lines = out.splitlines()
    assert lines[0] == "获取资金流向数据成功", out
    assert lines[1] == "股票代码: HK.00700"
    assert len(lines) == 2 + len(LABELS)
    assert re.fullmatch(r"更新时间: \d{4}-\d\d-\d\d \d\d:\d\d:\d\d", lines[2])
    for label, line in zip(LABELS[1:], lines[3:], strict=True):
        name, _, value = line.partition(": ")
        assert name == label
        number = float(value)
        if label.endswith("比例"):
            assert -1.0 <= number <= 1.0


def test_spec_example_runs_verbatim_but_the_import(gateway):
    code = spec_code().replace(SPEC_IMPORT, OUR_IMPORT)
    note_port(gateway.port)
    check_output(run_example(code, gateway.port))


def test_examples_copy_matches_the_spec():
    assert EXAMPLE.read_text(encoding="utf-8") == spec_code().replace(SPEC_IMPORT, OUR_IMPORT)


def test_examples_copy_runs(gateway):
    note_port(gateway.port)
    check_output(run_example(EXAMPLE.read_text(encoding="utf-8"), gateway.port))


def test_example_without_a_gateway_prints_the_failure_branch():
    """Nothing listening: the example's else-branch prints the reason, no traceback."""
    from tests.gateway_proc import free_port
    out = run_example(EXAMPLE.read_text(encoding="utf-8"), free_port())
    assert out.startswith("获取资金流向数据失败: GET_CAPITAL_FLOW_FAILED: no FlowDeck gateway")
    assert "flowdeck-gateway" in out
