"""An SMTP server on 127.0.0.1 (aiosmtpd, in its own thread) as a mail provider runs
one: STARTTLS offered and required before AUTH, or implicit TLS; LOGIN/PLAIN against
`users`; 535 for a wrong password. A test may queue replies for the next RCPT TO or
DATA (a 450 greylisting, a 550 unknown user, a 554 refused message).

    with FakeSmtp(certs, security="starttls") as smtp:
        ... smtp.port, smtp.messages (parsed EmailMessage), smtp.envelopes, smtp.logins
"""

from __future__ import annotations

import logging
import socket
import ssl
from collections import deque
from email import message_from_bytes, policy
from email.message import EmailMessage

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

from .certs import LocalCerts


def _not_login_data_warning(record: logging.LogRecord) -> bool:
    # aiosmtpd 1.4 warns at every successful login that its own Session.login_data is
    # deprecated (it sets it itself): noise in every test and bench.
    return "login_data is deprecated" not in record.getMessage()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class FakeSmtp:
    def __init__(self, certs: LocalCerts, *, security: str = "starttls",
                 users: dict[str, str] | None = None) -> None:
        self.certs = certs
        self.security = security
        self.users = {"alerts@example.com": "app-password-123"} if users is None else users
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.logins: list[str] = []
        self.rcpt_replies: deque[str] = deque()
        self.data_replies: deque[str] = deque()
        self.port = 0
        self._controller: Controller | None = None

    def _server_context(self) -> ssl.SSLContext:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.certs.cert_file, self.certs.key_file)
        return context

    def _authenticate(self, server, session, envelope, mechanism, auth_data) -> AuthResult:
        if isinstance(auth_data, LoginPassword):
            user, password = auth_data.login.decode(), auth_data.password.decode()
            if self.users.get(user) == password:
                self.logins.append(user)
                return AuthResult(success=True)
        return AuthResult(success=False, handled=False)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options) -> str:
        if self.rcpt_replies:
            reply = self.rcpt_replies.popleft()
            if not reply.startswith("250"):
                return reply
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.data_replies:
            return self.data_replies.popleft()
        message = message_from_bytes(envelope.content, policy=policy.default)
        assert isinstance(message, EmailMessage)
        self.messages.append(message)
        self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 2.0.0 Ok: queued as FAKE"

    def __enter__(self) -> FakeSmtp:
        logging.getLogger("mail.log").addFilter(_not_login_data_warning)  # once: a set
        self.port = _free_port()
        # aiosmtpd's auth_require_tls knows only STARTTLS: over implicit TLS the
        # connection is encrypted from the start, so it is not asked for.
        kwargs: dict = {"authenticator": self._authenticate, "auth_required": bool(self.users),
                        "auth_require_tls": self.security == "starttls"}
        if self.security == "tls":
            kwargs["ssl_context"] = self._server_context()
        elif self.security == "starttls":
            kwargs.update(tls_context=self._server_context(), require_starttls=True)
        self._controller = Controller(self, hostname="127.0.0.1", port=self.port, **kwargs)
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        assert self._controller is not None
        self._controller.stop()
