"""The e-mail channel against a real SMTP server on loopback (aiosmtpd:
tests/support/fake_channels/smtp.py) with a test certificate made for the session:
STARTTLS and implicit TLS with login, the message it sends, and SMTP's replies mapped
(RFC 5321 4.2.1: 4yz "transient negative completion", worth trying again; 5yz
"permanent negative completion"; RFC 4954: 535 authentication credentials invalid)."""

from __future__ import annotations

import logging

import pytest

from flowdeck.channels.base import ChannelError
from flowdeck.channels.registry import make_channel
from flowdeck.core.channel_spec import channel_from_table
from flowdeck.core.errors import FlowDeckError
from tests.support.fake_channels.certs import make_test_certs
from tests.support.fake_channels.inputs import DictSecrets, firing, send_once
from tests.support.fake_channels.smtp import FakeSmtp
from tests.support.raw_servers import RawServer, close_at_once, never_answer
from tests.support.waiting import run

USER, PASSWORD = "alerts@example.com", "app-password-123"
# aiosmtpd warns of AUTH without STARTTLS even when the whole connection is TLS.
pytestmark = pytest.mark.filterwarnings(
    "ignore:Requiring AUTH while not requiring TLS:UserWarning")


@pytest.fixture
def trusted(test_certs, monkeypatch):
    """The system's CAs, as the channel reads them, are the test CA."""
    monkeypatch.setenv("SSL_CERT_FILE", str(test_certs.ca_file))
    return test_certs


def table(smtp: FakeSmtp, **options) -> dict:
    base = {"host": "127.0.0.1", "port": smtp.port, "security": smtp.security,
            "username": USER, "to": ["desk@example.com", "me@example.com"]}
    return {"name": "mail", "kind": "email", "options": {**base, **options}}


def send(smtp: FakeSmtp, payloads, password: str = PASSWORD, **options):
    return run(send_once(table(smtp, **options), {"password": password}, payloads), 30)


@pytest.mark.parametrize("security", ["starttls", "tls"])
def test_a_firing_is_mailed_over_tls_after_login(trusted, security) -> None:
    with FakeSmtp(trusted, security=security) as smtp:
        sent = send(smtp, [firing(key="k-7", note="watch")])
    assert sent.answer == "2.0.0 Ok: queued as FAKE: accepted for 2 of 2 recipient(s)"
    assert sent.count == 1
    assert smtp.logins == [USER]
    assert smtp.envelopes == [(USER, ["desk@example.com", "me@example.com"])]
    (mail,) = smtp.messages
    assert mail["Subject"] == "[FlowDeck] HK.00700 騰訊控股: Main net inflow > 50M"
    assert mail["From"] == USER and mail["To"] == "desk@example.com, me@example.com"
    assert mail["X-FlowDeck-Key"] == "k-7"
    assert mail.get_content_type() == "multipart/alternative"
    plain, html = (part.get_content() for part in mail.iter_parts())
    assert plain.splitlines() == ["HK.00700 騰訊控股  Main net inflow > 50M", "Value: 51.2M",
                                  "Time: 2025-03-14 10:31:00 (exchange time)", "Note: watch"]
    assert "<b>HK.00700 騰訊控股</b>  Main net inflow &gt; 50M<br>" in html


def test_recipients_typed_in_one_line(trusted) -> None:
    with FakeSmtp(trusted) as smtp:
        send(smtp, [firing()], to="desk@example.com; me@example.com, boss@example.com")
    assert smtp.envelopes[0][1] == ["desk@example.com", "me@example.com", "boss@example.com"]


def test_a_retry_has_the_same_message_id(trusted) -> None:
    with FakeSmtp(trusted) as smtp:
        send(smtp, [firing(key="same")])
        send(smtp, [firing(key="same")])
        send(smtp, [firing(key="other")])
    ids = [m["Message-ID"] for m in smtp.messages]
    assert ids[0] == ids[1] != ids[2] and ids[0].endswith("@example.com>")


def test_a_summary_is_one_mail(trusted) -> None:
    with FakeSmtp(trusted) as smtp:
        send(smtp, [firing(key=str(i)) for i in range(12)])
    (mail,) = smtp.messages
    assert mail["Subject"] == "[FlowDeck] 12 alerts: HK.00700 騰訊控股, …"
    assert mail["X-FlowDeck-Key"] == ", ".join(str(i) for i in range(12))


def test_a_wrong_password_is_permanent_and_never_shown(trusted, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    wrong = "not-the-password-987"
    with FakeSmtp(trusted) as smtp, pytest.raises(ChannelError) as info:
        send(smtp, [firing()], password=wrong)
    err = info.value
    assert err.permanent and err.message == "login refused (535)"
    for text in (err.message, err.answer, caplog.text):
        assert wrong not in text and PASSWORD not in text


@pytest.mark.parametrize(("where", "reply", "permanent"), [
    ("rcpt", "550 5.1.1 no such user", True),
    ("rcpt", "450 4.2.0 greylisted, try again", False),
    ("data", "451 4.3.0 local error, try later", False),
    ("data", "554 5.7.1 message refused", True),
])
def test_smtp_replies_mapped(trusted, where, reply, permanent) -> None:
    with FakeSmtp(trusted) as smtp:
        queue = smtp.rcpt_replies if where == "rcpt" else smtp.data_replies
        queue.extend([reply, reply])   # both recipients, or the one DATA
        with pytest.raises(ChannelError) as info:
            send(smtp, [firing()])
    assert info.value.permanent is permanent
    assert reply.split(" ", 2)[2] in info.value.answer


def test_one_refused_recipient_does_not_send_again(trusted) -> None:
    with FakeSmtp(trusted) as smtp:
        smtp.rcpt_replies.append("550 5.1.1 no such user")
        sent = send(smtp, [firing()])
    assert sent.answer.endswith(": accepted for 1 of 2 recipient(s)")
    assert smtp.envelopes == [(USER, ["me@example.com"])]


def test_an_untrusted_certificate_is_permanent(test_certs, monkeypatch, tmp_path) -> None:
    empty = tmp_path / "no-cas.pem"
    empty.write_text("")
    monkeypatch.setenv("SSL_CERT_FILE", str(empty))
    monkeypatch.setenv("SSL_CERT_DIR", str(tmp_path))
    with FakeSmtp(test_certs) as smtp, pytest.raises(ChannelError) as info:
        send(smtp, [firing()])
    assert info.value.permanent
    assert info.value.message == "the server's certificate does not verify"
    assert smtp.messages == []


def test_starttls_not_offered_is_permanent(trusted) -> None:
    with FakeSmtp(trusted, security="none", users={}) as smtp, \
            pytest.raises(ChannelError) as info:
        send(smtp, [firing()], security="starttls", username="", sender="f@desk.local")
    assert info.value.permanent and "STARTTLS" in info.value.answer


def test_a_local_relay_without_tls_or_login(trusted) -> None:
    with FakeSmtp(trusted, security="none", users={}) as smtp:
        send(smtp, [firing()], username="", sender="flowdeck@desk.local")
    assert smtp.envelopes == [("flowdeck@desk.local", ["desk@example.com", "me@example.com"])]


def test_a_server_that_is_down_is_worth_retrying(trusted) -> None:
    with FakeSmtp(trusted) as smtp:
        port = smtp.port
    closed = FakeSmtp(trusted)
    closed.port = port
    with pytest.raises(ChannelError) as info:
        send(closed, [firing()])
    assert not info.value.permanent and info.value.message == "connection failed"


@pytest.mark.parametrize(("options", "what"), [
    ({"to": ["a@b.c"]}, "needs its SMTP server"),
    ({"host": "smtp.x", "to": []}, "to must be"),
    ({"host": "smtp.x", "to": "a@b.c", "security": "ssl"}, "security must be"),
    ({"host": "smtp.x", "to": "a@b.c"}, "sender must be"),
    ({"host": "smtp.x", "to": "a@b.c", "username": "u@x.y"}, "needs its password"),
    ({"host": "smtp.x", "to": "a@b.c", "sender": "s@x.y", "port": 0}, "port must be"),
])
def test_what_email_needs_is_named(options, what) -> None:
    spec = channel_from_table({"name": "m", "kind": "email", "options": options})
    with pytest.raises(FlowDeckError) as info:
        make_channel(spec, DictSecrets())
    assert info.value.code == 1001 and what in info.value.message


@pytest.mark.e2e   # runs the openssl program
def test_certificates_made_by_openssl_serve_too(tmp_path, monkeypatch) -> None:
    # CI's venv has cryptography (through keyring); a machine without it uses openssl.
    certs = make_test_certs(tmp_path, tool="openssl")
    if certs is None:
        pytest.skip("no openssl here")
    monkeypatch.setenv("SSL_CERT_FILE", str(certs.ca_file))
    with FakeSmtp(certs, security="tls") as smtp:
        send(smtp, [firing()])
    assert len(smtp.messages) == 1


@pytest.mark.parametrize(("peer", "message"), [(never_answer, "no answer in time"),
                                              (close_at_once, "connection failed")])
def test_a_silent_or_slamming_server_is_worth_retrying(trusted, peer, message) -> None:
    # No greeting at all (the timeout is the point here, so a short one), or a close.
    with RawServer(peer) as server, pytest.raises(ChannelError) as info:
        spec = channel_from_table({"name": "m", "kind": "email", "options": {
            "host": "127.0.0.1", "port": server.port, "to": "a@b.c", "sender": "s@b.c",
            "timeout_s": 0.3}})
        run(make_channel(spec, DictSecrets()).send([firing()]), 10)
    assert not info.value.permanent and info.value.message == message
