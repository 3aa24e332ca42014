"""flowdeck-gateway warns, once on stderr, about a token given on its command line
(--token T, or token= in --source): every local user can read a process's arguments.
The token itself is never printed."""

from __future__ import annotations

import pytest

from flowdeck.server.main import main

SECRET = "S3cr3tT0ken"


@pytest.mark.parametrize(("args", "named"), [
    (["--token", SECRET], "--token T"),
    (["--source", f"gateway://127.0.0.1:1?token={SECRET}"],
     "--source gateway://127.0.0.1:1?token=***"),
    (["--source", f"nosuch://127.0.0.1:1?token={SECRET}"],
     "--source nosuch://127.0.0.1:1?token=***"),
])
def test_a_token_on_the_command_line_is_warned_about_once(capsys, args, named) -> None:
    # --max-codes 0 is refused: the gateway stops right after its checks.
    assert main([*args, "--port", "0", "--max-codes", "0"]) == 2
    err = capsys.readouterr().err
    assert err.count("puts a secret on the command line") == 1
    assert named in err and "FLOWDECK_TOKEN" in err
    assert SECRET not in err


def test_no_warning_without_a_token_in_the_arguments(capsys, monkeypatch) -> None:
    monkeypatch.setenv("FLOWDECK_TOKEN", SECRET)
    assert main(["--port", "0", "--max-codes", "0"]) == 2
    err = capsys.readouterr().err
    assert "command line" not in err and SECRET not in err
