"""Source URLs and messages quoting them, with their secrets blanked."""

from __future__ import annotations

import pytest

from flowdeck.core.redact import command_line_warning, has_secret, redact_source


@pytest.mark.parametrize(("text", "shown"), [
    ("gateway://h:1?token=abc", "gateway://h:1?token=***"),
    ("gateway://h:1?timeout=5&token=abc&x=2", "gateway://h:1?timeout=5&token=***&x=2"),
    ("gateway://h:1?TOKEN=abc", "gateway://h:1?TOKEN=***"),
    ("futu://user:pw@h:1", "futu://user:***@h:1"),
    ("x://h?password=p;secret=s&api_key=k&access_token=t&pwd=q",
     "x://h?password=***;secret=***&api_key=***&access_token=***&pwd=***"),
    ("unknown source 'nosuch://h?token=abc'; known sources: sim",
     "unknown source 'nosuch://h?token=***'; known sources: sim"),
    ("feed gateway://h:1?token=abc failed", "feed gateway://h:1?token=*** failed"),
    ("token=abc", "token=***"),
    ("sim?speed=20&seed=7", "sim?speed=20&seed=7"),
    ("gateway://127.0.0.1:11111", "gateway://127.0.0.1:11111"),
    ("", ""),
])
def test_redact_source(text: str, shown: str) -> None:
    assert redact_source(text) == shown
    assert redact_source(shown) == shown  # blanking twice changes nothing


def test_has_secret() -> None:
    assert has_secret("gateway://h:1?token=abc") and has_secret("futu://u:p@h:1")
    assert not has_secret("gateway://h:1") and not has_secret(None)
    assert not has_secret("gateway://h:1?token=***")


def test_the_command_line_warning_says_why_and_what_instead() -> None:
    text = command_line_warning("--token T")
    assert "--token T" in text and "ps" in text and "FLOWDECK_TOKEN" in text
