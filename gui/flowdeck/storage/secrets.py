"""Where the alert channels' secrets live: the OS's credential store, through `keyring`
(Windows Credential Manager, macOS Keychain, the Secret Service of GNOME Keyring or
KWallet on Linux), service "flowdeck", user name "CHANNEL:FIELD".

Where no keyring backend is usable (a server or a bare desktop session: keyring's fail
backend, a chainer with nothing in it, or a backend that errors when first asked), they
go to `channel-secrets.toml` beside the settings file, written atomically and 0600
(tightened back when found looser), and `warning` says so for the window to show: a
file only its owner reads, but not encrypted.

A secret found in that file while a keyring is usable (one written before a keyring was
installed) is still read; it moves to the keyring the next time it is set.

No value ever reaches a log line or an exception's message: errors name the channel,
the field and the backend only."""

from __future__ import annotations

import logging
import os
import sys
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING, Any

import tomli_w

from .atomic import StorageError, atomic_write
from .paths import config_dir
from .private_files import tighten_file

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "flowdeck"
FILE_NAME = "channel-secrets.toml"
FILE_BACKEND = "file"
_PROBE = "flowdeck:probe"  # never stored: asking for it shows whether the backend answers
log = logging.getLogger(__name__)


class SecretStoreError(Exception):
    """A secret that could not be stored, read or removed; the message names the
    channel, the field and where, never the value."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def secrets_path(home: str | os.PathLike[str] | None = None) -> Path:
    return config_dir(home) / FILE_NAME


def keyring_problem(backend: KeyringBackend) -> str | None:
    """Why `backend` cannot hold secrets, or None when it can (it answered a read)."""
    from keyring.backends import chainer, fail, null

    if isinstance(backend, fail.Keyring | null.Keyring) or (
            isinstance(backend, chainer.ChainerBackend) and not backend.backends):
        if getattr(sys, "frozen", False) and sys.platform == "linux":
            return ("the Linux bundle carries no Secret Service client (its cryptography "
                    "library would take 15 MB); FlowDeck installed with pip has one")
        return "no keyring backend is available"
    try:
        backend.get_password(SERVICE, _PROBE)
    except Exception as exc:  # any backend's failure means: not usable here
        return f"the keyring ({backend_name(backend)}) did not answer: {type(exc).__name__}"
    return None


def backend_name(backend: KeyringBackend) -> str:
    try:
        return str(backend.name)
    except Exception:
        return type(backend).__name__


class SecretStore:
    """get / set / delete a channel's secret. `backend` names where they go (the
    keyring backend's name, or "file"); `fallback` is True when that is the file, with
    `warning` saying why and where."""

    def __init__(self, path: Path, keyring_backend: KeyringBackend | None,
                 problem: str = "") -> None:
        self.path = path
        self._keyring = keyring_backend
        self.fallback = keyring_backend is None
        self.backend = FILE_BACKEND if self.fallback else backend_name(keyring_backend)
        self.problem = problem
        self.warning = (f"No usable keyring ({problem}): alert channels' secrets are kept "
                        f"in {path}, readable only by you (mode 0600) but not encrypted."
                        if self.fallback else "")

    @classmethod
    def open(cls, path: str | os.PathLike[str] | None = None,
             backend: KeyringBackend | None = None) -> SecretStore:
        """The store over `backend` (default: keyring's choice for this system), or over
        the file at `path` (default: secrets_path()) when that backend is not usable."""
        import keyring  # here: ~60 ms of imports the window's start need not pay

        target = Path(path) if path is not None else secrets_path()
        chosen = backend if backend is not None else keyring.get_keyring()
        problem = keyring_problem(chosen)
        if problem is not None:
            log.warning("channel secrets: %s; they are kept in %s (0600)", problem, target)
            return cls(target, None, problem)
        return cls(target, chosen)

    def get(self, channel: str, field: str) -> str | None:
        if self._keyring is not None:
            try:
                value = self._keyring.get_password(SERVICE, _user(channel, field))
            except Exception as exc:
                raise self._error("read", channel, field, exc) from None
            if value is not None:
                return value
        found = self._read_file().get(channel, {}).get(field)
        return found if isinstance(found, str) else None

    def set(self, channel: str, field: str, value: str) -> None:
        if not value:
            self.delete(channel, field)
            return
        if self._keyring is not None:
            try:
                self._keyring.set_password(SERVICE, _user(channel, field), value)
            except Exception as exc:
                raise self._error("store", channel, field, exc) from None
            self._drop_from_file(channel, field)  # moved to the keyring
            return
        doc = self._read_file()
        doc.setdefault(channel, {})[field] = value
        self._write_file(doc)

    def delete(self, channel: str, field: str) -> None:
        """Forget the secret (nothing happens when it was not set)."""
        from keyring.errors import PasswordDeleteError

        if self._keyring is not None:
            try:
                self._keyring.delete_password(SERVICE, _user(channel, field))
            except PasswordDeleteError:
                pass  # what every backend raises for a secret it does not hold
            except Exception as exc:
                raise self._error("remove", channel, field, exc) from None
        self._drop_from_file(channel, field)

    def rename(self, old: str, new: str, fields: tuple[str, ...]) -> None:
        """Move `old`'s secrets to the channel's new name `new`."""
        for field in fields:
            value = self.get(old, field)
            if value is not None:
                self.set(new, field, value)
                self.delete(old, field)

    def _error(self, doing: str, channel: str, field: str, exc: Exception) -> SecretStoreError:
        # The exception's own text is left out: a backend may echo what it was given.
        return SecretStoreError(f"Could not {doing} the {field} of channel {channel} in "
                                f"{self.backend}: {type(exc).__name__}")

    def _read_file(self) -> dict[str, dict[str, Any]]:
        try:
            raw = self.path.read_bytes()
        except FileNotFoundError:
            return {}
        except OSError as exc:
            raise SecretStoreError(f"Could not read {self.path}: {exc.strerror}") from None
        tighten_file(self.path)
        try:
            doc = tomllib.loads(raw.decode("utf-8"))
        except (UnicodeDecodeError, tomllib.TOMLDecodeError):
            # The parser's message quotes the line, which may hold a secret.
            raise SecretStoreError(f"{self.path} is not a valid TOML file; fix or remove "
                                   f"it and type the channels' secrets again") from None
        return {k: dict(v) for k, v in doc.items() if isinstance(v, dict)}

    def _write_file(self, doc: dict[str, dict[str, Any]]) -> None:
        doc = {k: v for k, v in doc.items() if v}
        try:
            atomic_write(self.path, tomli_w.dumps(doc).encode("utf-8"), mode=0o600)
        except OSError as exc:
            raise StorageError("save channel secrets to", self.path, exc) from None

    def _drop_from_file(self, channel: str, field: str) -> None:
        if not self.path.exists():
            return
        doc = self._read_file()
        if field in doc.get(channel, {}):
            del doc[channel][field]
            self._write_file(doc)


def _user(channel: str, field: str) -> str:
    return f"{channel}:{field}"
