"""A keyring backend for tests that keeps secrets in a dict, and can be made to fail as
a locked or broken one does (reads, writes); `keyring_in_use` makes it keyring's choice
for the length of a `with` (the window opens its SecretStore with keyring's choice).
Input to the code under test, not the code under test."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import keyring
import keyring.errors
from keyring.backend import KeyringBackend


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, *, fail_reads: bool = False, fail_writes: bool = False) -> None:
        super().__init__()
        self.passwords: dict[tuple[str, str], str] = {}
        self.fail_reads = fail_reads
        self.fail_writes = fail_writes

    def get_password(self, service: str, username: str) -> str | None:
        if self.fail_reads:
            raise keyring.errors.KeyringError(f"locked: {service} {username}")
        return self.passwords.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        if self.fail_writes:  # a careless backend's message, echoing what it was given
            raise keyring.errors.PasswordSetError(f"locked: cannot store {password}")
        self.passwords[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.fail_writes:
            raise keyring.errors.KeyringError(f"locked: {username}")
        if self.passwords.pop((service, username), None) is None:
            raise keyring.errors.PasswordDeleteError("not found")


@contextmanager
def keyring_in_use(backend: KeyringBackend) -> Iterator[KeyringBackend]:
    before = keyring.get_keyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(before)
