"""What a channel says (ChannelError.message and .answer, Sent.answer) passes through
http.Redactor: every secret gone in each form it travels in, ordinary words kept, the
text cut short. And Retry-After read as RFC 9110 10.2.3 allows: seconds or a date."""

from __future__ import annotations

import urllib.parse

from flowdeck.channels.http import Redactor, retry_after_s

SLACK = "https://hooks.slack.com/services/T0A1B2C3D/B0Z9Y8X7W/abcdefghijklmnopqrstuvwx"
WECOM = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx-4bc4-97a0"
FEISHU = "https://open.feishu.cn/open-apis/bot/v2/hook/5e3d587e-d78e-4a07-bd07-265f269f86fd"


def test_a_url_secret_hides_its_tokens_but_not_its_words() -> None:
    r = Redactor(urls=[SLACK, WECOM, FEISHU])
    said = r.clean("no_service for services/T0A1B2C3D/B0Z9Y8X7W/abcdefghijklmnopqrstuvwx; "
                   "key 693a91f6-7xxx-4bc4-97a0 invalid; open-apis hook "
                   "5e3d587e-d78e-4a07-bd07-265f269f86fd; posted to " + SLACK)
    assert said == ("no_service for services/***/***/***; key *** invalid; open-apis hook "
                    "***; posted to ***")


def test_a_secret_in_any_encoding_is_hidden() -> None:
    sign = "OuzzJR5+xZ4/EYwqtNt6sMYZQMTa/HEGvc9miJe7XzY="
    r = Redactor(["p@ss w0rd&x"]).plus(sign)
    for form in ("p@ss w0rd&x", urllib.parse.quote("p@ss w0rd&x", safe=""),
                 urllib.parse.quote_plus("p@ss w0rd&x"), sign,
                 urllib.parse.quote_plus(sign)):
        assert r.clean(f"[{form}]") == "[***]"


def test_plus_leaves_the_original_as_it_was() -> None:
    base = Redactor(["secret-one"])
    base.plus("per-request-signature")
    assert base.clean("per-request-signature") == "per-request-signature"


def test_answers_are_one_short_line() -> None:
    said = Redactor().clean("line one\nline two\t" + "x" * 1000)
    assert said.startswith("line one line two x") and len(said) == 300
    assert said.endswith("…")


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = 1_741_919_460.0   # 2025-03-14 02:31:00 UTC
    assert retry_after_s("120", now) == 120
    assert retry_after_s("Fri, 14 Mar 2025 02:32:30 GMT", now) == 90
    assert retry_after_s("Fri, 14 Mar 2025 02:00:00 GMT", now) == 0   # already past
    assert retry_after_s("soon", now) is None and retry_after_s(None, now) is None
