"""E-mail over SMTP: smtplib in a worker thread (asyncio.to_thread), so a slow server
never holds the event loop.

`security`: "starttls" (the default, port 587: plain connect, then STARTTLS, which
must be offered), "tls" (implicit TLS, port 465) or "none" (port 25, for a relay on
the machine itself). The server's certificate is checked against the system's CAs.
With `username` the channel logs in (the password is the secret "password").

A message is multipart/alternative: the text (text.py's plain flavour) and the same
as HTML. Its Subject is "[FlowDeck] " and the alert's line; its Message-ID is made
from the firing's dedupe key(s), so a repeat after a retry has the same id and mail
clients that thread or dedupe by it show it once; X-FlowDeck-Key carries the keys.

Failures: a refused login (535) and 5xx replies are permanent; 4xx replies (busy,
greylisting) and a lost or timed-out connection are retried; a certificate that does
not verify or a server without STARTTLS is permanent (a setting to fix)."""

from __future__ import annotations

import asyncio
import hashlib
import smtplib
import ssl
from collections.abc import Mapping, Sequence
from email.message import EmailMessage
from email.utils import formatdate
from typing import Any

from flowdeck.core.channel_spec import ChannelSpec
from flowdeck.core.errors import invalid_param

from .base import ChannelError, Secrets, Sent
from .http import Redactor, timeout_option
from .text import HTML, PLAIN, render, title

SECURITY_PORTS = {"starttls": 587, "tls": 465, "none": 25}
BODY_CHARS = 100_000


def message_id(payloads: Sequence[Mapping[str, Any]], sender: str) -> str:
    keys = ",".join(str(p.get("key", "")) for p in payloads)
    domain = sender.rpartition("@")[2] or "flowdeck.local"
    return f"<flowdeck.{hashlib.sha256(keys.encode()).hexdigest()[:32]}@{domain}>"


def _html_document(payloads: Sequence[Mapping[str, Any]]) -> str:
    body = render(payloads, HTML, BODY_CHARS).replace("\n", "<br>\n")
    return f"<!DOCTYPE html>\n<html><body><p>{body}</p></body></html>\n"


def build_message(payloads: Sequence[Mapping[str, Any]], sender: str,
                  to: Sequence[str]) -> EmailMessage:
    if not payloads:
        raise ValueError("nothing to send")
    message = EmailMessage()
    message["Subject"] = f"[FlowDeck] {title(payloads, 150)}"
    message["From"] = sender
    message["To"] = ", ".join(to)
    message["Date"] = formatdate(localtime=True)
    message["Message-ID"] = message_id(payloads, sender)
    keys = ", ".join(str(p["key"]) for p in payloads if p.get("key"))
    if keys:
        message["X-FlowDeck-Key"] = keys
    message.set_content(render(payloads, PLAIN, BODY_CHARS))
    message.add_alternative(_html_document(payloads), subtype="html")
    return message


def smtp_failure(exc: BaseException, redactor: Redactor) -> ChannelError:
    """What an smtplib/ssl/socket failure means for trying again."""
    answer = redactor.clean(f"{type(exc).__name__}: {exc}")
    if isinstance(exc, smtplib.SMTPAuthenticationError):
        return ChannelError(f"login refused ({exc.smtp_code})", permanent=True, answer=answer)
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in exc.recipients.values()]
        permanent = all(code >= 500 for code in codes)
        return ChannelError(f"every recipient refused ({', '.join(map(str, codes))})",
                            permanent=permanent, answer=answer)
    if isinstance(exc, smtplib.SMTPResponseException):
        code = exc.smtp_code
        return ChannelError(f"SMTP {code}", permanent=500 <= code < 600, answer=answer)
    if isinstance(exc, smtplib.SMTPNotSupportedError):
        return ChannelError("the server does not offer what the channel needs",
                            permanent=True, answer=answer)
    if isinstance(exc, ssl.SSLCertVerificationError):
        return ChannelError("the server's certificate does not verify", permanent=True,
                            answer=answer)
    # smtplib reports a read that timed out as a disconnection caused by the timeout.
    if isinstance(exc, TimeoutError) or isinstance(exc.__context__, TimeoutError):
        return ChannelError("no answer in time", answer=answer)
    return ChannelError("connection failed", answer=answer)


class _Recorded:
    """Keeps the server's reply to DATA ("2.0.0 Ok: queued as 4XyZ"), which sendmail
    drops: the answer Settings > Channels shows, and a mail's trace at the server."""
    data_reply = b""

    def data(self, msg):
        code, reply = super().data(msg)  # type: ignore[misc]
        self.data_reply = reply
        return code, reply


class _SMTP(_Recorded, smtplib.SMTP):
    pass


class _SMTP_SSL(_Recorded, smtplib.SMTP_SSL):
    pass


class EmailChannel:
    kind = "email"

    def __init__(self, name: str, *, host: str, to: Sequence[str], sender: str,
                 port: int | None = None, security: str = "starttls",
                 username: str = "", password: str | None = None, timeout_s: float = 10.0,
                 ssl_context: ssl.SSLContext | None = None) -> None:
        self.name = name
        self.host, self.security = host, security
        self.port = port or SECURITY_PORTS[security]
        self.to, self.sender = list(to), sender
        self._username, self._password = username, password or ""
        self._timeout = timeout_s
        self._context = ssl_context
        self._redactor = Redactor([self._password] if self._password else [])

    async def send(self, payloads: Sequence[Mapping[str, Any]]) -> Sent:
        message = build_message(payloads, self.sender, self.to)
        answer = await asyncio.to_thread(self._deliver, message)
        return Sent(answer, len(payloads))

    def _deliver(self, message: EmailMessage) -> str:
        # The default context is made here, per send: it reads the system's CAs (and
        # SSL_CERT_FILE) as they are now.
        context = self._context or ssl.create_default_context()
        try:
            smtp: _SMTP | _SMTP_SSL
            if self.security == "tls":
                smtp = _SMTP_SSL(self.host, self.port, timeout=self._timeout,
                                 context=context)
            else:
                smtp = _SMTP(self.host, self.port, timeout=self._timeout)
            with smtp:
                smtp.ehlo()
                if self.security == "starttls":
                    smtp.starttls(context=context)
                    smtp.ehlo()
                if self._username:
                    smtp.login(self._username, self._password)
                refused = smtp.send_message(message)
        except (smtplib.SMTPException, OSError) as exc:
            raise smtp_failure(exc, self._redactor) from None
        accepted = len(self.to) - len(refused)
        # Some recipients took it: sending again would repeat it to them.
        said = smtp.data_reply.decode(errors="replace")
        return self._redactor.clean(f"{said}: accepted for {accepted} of {len(self.to)} "
                                    f"recipient(s)")

    async def close(self) -> None:
        return None


def build(spec: ChannelSpec, secrets: Secrets, session_factory: object = None) -> EmailChannel:
    # session_factory is the HTTP channels' (registry passes it to every kind).
    o, name = spec.options, spec.name

    def text(key: str, default: str = "") -> str:
        value = o.get(key, default)
        if not isinstance(value, str):
            raise invalid_param(f"channel {name}: {key} must be text")
        return value.strip()
    host = text("host")
    if not host:
        raise invalid_param(f"channel {name}: e-mail needs its SMTP server (option host)")
    security = text("security", "starttls").lower()
    if security not in SECURITY_PORTS:
        raise invalid_param(f"channel {name}: security must be starttls, tls or none")
    port = o.get("port", SECURITY_PORTS[security])
    if isinstance(port, bool) or not isinstance(port, int) or not 0 < port < 65536:
        raise invalid_param(f"channel {name}: port must be a number 1-65535")
    to = o.get("to", [])
    if isinstance(to, str):   # "a@x.com, b@y.com" as typed in one field
        to = [a.strip() for a in to.replace(";", ",").split(",") if a.strip()]
    if not to or not all(isinstance(a, str) and "@" in a for a in to):
        raise invalid_param(f"channel {name}: to must be one or more e-mail addresses")
    username = text("username")
    sender = text("sender", username if "@" in username else "")
    if "@" not in sender:
        raise invalid_param(f"channel {name}: sender must be an e-mail address")
    password = secrets.get(name, "password")
    if username and not password:
        raise invalid_param(f"channel {name}: a login as {username} needs its password "
                            f"(a secret)")
    return EmailChannel(name, host=host, to=to, sender=sender, port=port, security=security,
                        username=username, password=password,
                        timeout_s=timeout_option(o, name))
