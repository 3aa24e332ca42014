"""A token given in --source never comes back on stderr or in a JSON error (a typo in
the scheme, a gateway that is not there), and giving it on the command line is warned
about once: every local user can read a process's arguments."""

from __future__ import annotations

import json

import pytest

from flowdeck.cli.main import main

SECRET = "S3cr3tT0ken"
CLOSED = f"gateway://127.0.0.1:1?token={SECRET}&timeout=2"
TYPO = f"gatway://127.0.0.1:1?token={SECRET}"


def run(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("args", [
    ("fetch", "HK.00700", "--source", CLOSED),
    ("fetch", "HK.00700", "--source", TYPO),
    ("fetch", "HK.00700", "--json", "--source", TYPO),
    ("watch", "HK.00700", "--duration", "0.5", "--source", CLOSED),
    ("watch", "HK.00700", "--source", TYPO),
])
def test_the_token_stays_secret_and_the_command_line_is_warned_about(capsys, args) -> None:
    _, out, err = run(capsys, *args)
    assert SECRET not in out and SECRET not in err
    said = err + out
    assert "127.0.0.1" in said or "token=***" in said  # the failure was told
    if "--json" in args:
        assert "token=***" in json.loads(out)["ret_msg"]
    assert err.count("puts a secret on the command line") == 1
    assert "FLOWDECK_TOKEN" in err


def test_no_warning_without_a_token(capsys) -> None:
    code, _, err = run(capsys, "fetch", "HK.00700", "--source", "sim")
    assert code == 0 and "secret" not in err
