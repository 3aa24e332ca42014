"""A real flowdeck-gateway in a subprocess on a free loopback port, for tests that need
to kill and restart it. `python -m flowdeck.server` is the same program as the
`flowdeck-gateway` console script."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

GUI = str(Path(__file__).resolve().parents[1] / "gui")
if GUI not in sys.path:
    sys.path.insert(0, GUI)

from flowdeck.api.token_file import read_token  # noqa: E402


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class GatewayProcess:
    def __init__(self, port: int | None = None, source: str = "sim?speed=20&interval=0.2",
                 token: str | None = None, host: str = "127.0.0.1",
                 extra: list[str] | None = None) -> None:
        self.host, self.port = host, port or free_port()
        self.source, self.token, self.extra = source, token, extra or []
        self.proc: subprocess.Popen | None = None
        # A file, not a pipe: nobody reads a pipe while the test runs, and a full one
        # would block the gateway's logging.
        self.log = tempfile.NamedTemporaryFile("w+", suffix=".log", prefix="gateway-")

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def start(self, timeout: float = 30.0) -> GatewayProcess:
        env = {**os.environ, "PYTHONPATH": os.pathsep.join([GUI, os.environ.get("PYTHONPATH", "")])}
        env.pop("FLOWDECK_TOKEN", None)
        if "FLOWDECK_HOME" not in env:  # its archive in a temp dir, not the user's data
            self.data = tempfile.TemporaryDirectory(prefix="gateway-data-")
            env["XDG_DATA_HOME"] = self.data.name
        args = [sys.executable, "-m", "flowdeck.server", "--host", self.host,
                "--port", str(self.port), "--source", self.source, *self.extra]
        if self.token:  # by the environment, as advised: arguments are public (ps)
            env["FLOWDECK_TOKEN"] = self.token
        self.proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL,
                                     stderr=self.log, text=True)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"gateway exited {self.proc.returncode}: "
                                   f"{self.log_text()[-2000:]}")
            try:
                req = urllib.request.Request(f"{self.url}/v1/health")
                token = self.current_token()
                if not token:
                    raise OSError("no token file yet")
                req.add_header("Authorization", f"Bearer {token}")
                with urllib.request.urlopen(req, timeout=1) as resp:
                    if json.load(resp).get("ret_code") == 0:
                        return self
            except OSError:
                time.sleep(0.05)
        self.stop()
        raise RuntimeError("gateway did not become healthy in time")

    def current_token(self) -> str | None:
        """The token given, else the one the gateway made and left in its token file
        for local clients (where the API's clients find it too)."""
        return self.token or read_token(self.port)

    @property
    def auth(self) -> dict[str, str]:
        """The Authorization header a client of this gateway sends."""
        return {"Authorization": f"Bearer {self.current_token()}"}

    def stop(self, sig: int = signal.SIGTERM, timeout: float = 10.0) -> int | None:
        if self.proc is None:
            return None
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        code, self.proc = self.proc.returncode, None
        return code

    def log_text(self) -> str:
        """What the gateway has logged so far (its stderr)."""
        with open(self.log.name, encoding="utf-8", errors="replace") as f:
            return f.read()

    def kill(self) -> None:
        self.stop(signal.SIGKILL)


@contextlib.contextmanager
def running_gateway(**kwargs) -> Iterator[GatewayProcess]:
    gw = GatewayProcess(**kwargs).start()
    try:
        yield gw
    finally:
        gw.stop()
