"""Smoke tests of a frozen bundle (used by build.py; also `python packaging/smoke.py
dist/flowdeck [--futu]`). Each runs the frozen program as a user would, with a clean
HOME and FLOWDECK_HOME and no Python environment variables, and fails on a non-zero exit,
a wrong answer, or stderr showing a Qt plugin or library error or a traceback."""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TIMEOUT_S = 120
# What a bundle missing a plugin, a library or a module prints (qutebrowser's smoke test
# whitelists stderr the same way, but the other way round: these must never appear).
BAD_STDERR = re.compile("|".join([
    r"qt\.qpa\.plugin", r"Could not (?:load|find) the Qt platform plugin",
    r"no Qt platform plugin could be initialized", r"Cannot load library",
    r"QLibrary::load", r"cannot open shared object file", r"undefined symbol",
    r"Traceback \(most recent call last\)", r"ModuleNotFoundError", r"ImportError",
    r"Failed to execute script",
]))
CODES = ("HK.00700", "US.AAPL")


class SmokeFailure(Exception):
    pass


def executable(bundle: Path, console: bool = True) -> Path:
    if sys.platform == "win32":
        return bundle / ("flowdeck-cli.exe" if console else "flowdeck.exe")
    return bundle / "flowdeck"


def clean_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PYTHON", "QT_", "FLOWDECK_", "LD_"))
           and k not in ("VIRTUAL_ENV", "DISPLAY", "WAYLAND_DISPLAY")}
    env.update(HOME=str(home), FLOWDECK_HOME=str(home / "flowdeck"),
               USERPROFILE=str(home), XDG_RUNTIME_DIR=str(home / "run"))
    (home / "run").mkdir(mode=0o700, exist_ok=True)
    return env


def run(cmd: list[str], env: dict[str, str], name: str,
        timeout: float = TIMEOUT_S) -> tuple[str, float]:
    """stdout of a command that must succeed with a clean stderr, and its seconds."""
    started = time.monotonic()
    try:
        done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=timeout)
    except subprocess.TimeoutExpired:
        raise SmokeFailure(f"{name}: no answer within {timeout:.0f} s") from None
    seconds = time.monotonic() - started
    check_stderr(name, done.stderr)
    if done.returncode != 0:
        raise SmokeFailure(f"{name}: exit {done.returncode}\n{done.stdout}\n{done.stderr}")
    return done.stdout, seconds


def check_stderr(name: str, stderr: str) -> None:
    bad = [line for line in stderr.splitlines() if BAD_STDERR.search(line)]
    if bad:
        raise SmokeFailure(f"{name}: stderr shows\n  " + "\n  ".join(bad[:10]))


def check_fetch(name: str, stdout: str, codes: tuple[str, ...] = CODES) -> None:
    try:
        envelope = json.loads(stdout)
        rows = envelope["data"]["capital_flow_list"]
    except (ValueError, KeyError, TypeError) as exc:
        raise SmokeFailure(f"{name}: not the spec's envelope ({exc}): {stdout[:300]}") from None
    got = {row.get("code") for row in rows}
    if envelope.get("ret_code") != 0 or got != set(codes):
        raise SmokeFailure(f"{name}: ret_code {envelope.get('ret_code')}, codes {sorted(got)}")
    if not all(isinstance(row.get("main_net_inflow"), float) for row in rows):
        raise SmokeFailure(f"{name}: rows without a main net inflow: {rows}")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SmokeFailure(f"the gateway exited with {process.returncode} at start")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.2)
    raise SmokeFailure(f"the gateway did not listen on {port} within {timeout:.0f} s")


def gateway_command(bundle: Path, port: int) -> list[str]:
    args = ["--host", "127.0.0.1", "--port", str(port), "--source", "sim"]
    if sys.platform == "win32":
        return [str(executable(bundle)), "gateway", *args]
    return [str(bundle / "flowdeck-gateway"), *args]


def smoke_gateway(bundle: Path, env: dict[str, str]) -> float:
    """The frozen gateway serving, and the frozen fetch reading from it."""
    port = free_port()
    gateway = subprocess.Popen(gateway_command(bundle, port), env=env, text=True,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        wait_for_port(port, gateway)
        out, seconds = run([str(executable(bundle)), "fetch", "--json", "--source",
                            f"gateway://127.0.0.1:{port}", *CODES], env, "fetch via gateway")
        check_fetch("fetch via gateway", out)
    finally:
        if sys.platform == "win32":
            gateway.terminate()  # no SIGTERM there; the exit code is not checked
        else:
            gateway.send_signal(signal.SIGTERM)
        try:
            _out, err = gateway.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            gateway.kill()
            _out, err = gateway.communicate()
            raise SmokeFailure("the gateway did not stop on SIGTERM within 20 s") from None
    check_stderr("gateway", err)
    if gateway.returncode != 0 and sys.platform != "win32":
        raise SmokeFailure(f"gateway: exit {gateway.returncode} after SIGTERM\n{err}")
    return seconds


def smoke_futu(bundle: Path, env: dict[str, str], root: Path) -> float:
    """The frozen futu:// source through the bundled SDK against the fake OpenD."""
    sys.path.insert(0, str(root))
    from tests.support.fake_opend import FakeOpenD

    with FakeOpenD(seed=3) as server:
        out, seconds = run([str(executable(bundle)), "fetch", "--json", "--source",
                            server.url, *CODES], env, "fetch via futu")
    check_fetch("fetch via futu", out)
    return seconds


def smoke_without_futu(bundle: Path, env: dict[str, str]) -> None:
    """The default bundle has no futu-api (it would pull pandas in): choosing the source
    says which build has it, as the spec's 1016 envelope."""
    cmd = [str(executable(bundle)), "fetch", "--json", "--source", "futu://127.0.0.1:9",
           CODES[0]]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=TIMEOUT_S)
    check_stderr("fetch futu:// without futu", done.stderr)
    try:
        envelope = json.loads(done.stdout)
    except ValueError:
        raise SmokeFailure(f"fetch futu:// without futu: not JSON: {done.stdout[:300]}") from None
    if envelope.get("ret_code") != 1016 or "built without the futu" not in envelope["ret_msg"]:
        raise SmokeFailure(f"fetch futu:// without futu: {envelope}")


def run_smoke_tests(bundle: Path, futu: bool = False, root: Path | None = None) -> dict:
    """Seconds each smoke test took, and where the self-test's secret went; raises
    SmokeFailure on the first that fails."""
    if not executable(bundle).exists():
        raise SmokeFailure(f"no executable at {executable(bundle)}")
    figures: dict[str, float] = {}
    with tempfile.TemporaryDirectory(prefix="flowdeck-smoke-") as tmp:
        env = clean_env(Path(tmp))
        out, figures["self_test_s"] = run([str(executable(bundle)), "--self-test"], env,
                                          "--self-test")
        if out.strip().splitlines()[-1:] != ["OK"]:
            raise SmokeFailure(f"--self-test: {out.strip()[-500:]}")
        # It stored and read back an alert channel's secret: in the keyring, or (the
        # Linux bundle has no Secret Service client) in the 0600 file, saying why.
        said = [line for line in out.splitlines() if line.startswith("secrets: ")]
        if not said:
            raise SmokeFailure(f"--self-test did not say where secrets go: {out[-300:]}")
        secrets = said[0].removeprefix("secrets: ")
        out, figures["fetch_s"] = run([str(executable(bundle)), "fetch", "--json", *CODES],
                                      env, "fetch")
        check_fetch("fetch", out)
        figures["gateway_fetch_s"] = smoke_gateway(bundle, env)
        if futu:
            figures["futu_fetch_s"] = smoke_futu(bundle, env, root or Path.cwd())
        else:
            smoke_without_futu(bundle, env)
        if any(Path(tmp).glob(".com.futunn*")):
            raise SmokeFailure("the futu SDK wrote under HOME")
    return {**{k: round(v, 2) for k, v in figures.items()}, "secrets": secrets}


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="smoke-test a frozen FlowDeck bundle")
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--futu", action="store_true")
    args = parser.parse_args(argv)
    try:
        figures = run_smoke_tests(args.bundle, args.futu, Path(__file__).resolve().parents[1])
    except SmokeFailure as exc:
        print(f"smoke: {exc}", file=sys.stderr)
        return 1
    print(json.dumps(figures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
