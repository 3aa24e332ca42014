"""SecretStore: the OS's keyring when one is usable, else a 0600 file with a warning;
no value in a log line or an error message."""

from __future__ import annotations

import logging
import stat
import tomllib

import pytest
from keyring.backends import chainer, fail

from flowdeck.storage.secrets import SERVICE, SecretStore, SecretStoreError, secrets_path
from tests.support.memory_keyring import MemoryKeyring, keyring_in_use

HOOK = "https://oapi.dingtalk.com/robot/send?access_token=abc123secret"


def test_keyring_holds_the_secret_under_flowdeck_channel_field(tmp_path):
    backend = MemoryKeyring()
    store = SecretStore.open(tmp_path / "s.toml", backend=backend)
    assert (store.fallback, store.warning, store.backend) == (False, "", MemoryKeyring.name)
    store.set("desk", "url", HOOK)
    store.set("desk", "sign_secret", "SECabc")
    assert backend.passwords == {(SERVICE, "desk:url"): HOOK,
                                 (SERVICE, "desk:sign_secret"): "SECabc"}
    assert store.get("desk", "url") == HOOK
    assert store.get("other", "url") is None
    store.delete("desk", "url")
    store.delete("desk", "url")  # not there any more: nothing to do
    assert store.get("desk", "url") is None
    assert not (tmp_path / "s.toml").exists()


def test_without_a_keyring_the_file_is_0600_and_the_warning_names_it(tmp_path, caplog):
    path = tmp_path / "config" / "channel-secrets.toml"
    with caplog.at_level(logging.WARNING):
        store = SecretStore.open(path, backend=fail.Keyring())
    assert store.fallback and store.backend == "file"
    assert str(path) in store.warning and "not encrypted" in store.warning
    store.set("desk", "url", HOOK)
    store.set("mail", "password", "hunter2")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert tomllib.loads(path.read_text()) == {"desk": {"url": HOOK},
                                               "mail": {"password": "hunter2"}}
    again = SecretStore.open(path, backend=fail.Keyring())
    assert (again.get("desk", "url"), again.get("mail", "password")) == (HOOK, "hunter2")
    again.delete("desk", "url")
    assert tomllib.loads(path.read_text()) == {"mail": {"password": "hunter2"}}
    assert "hunter2" not in caplog.text and HOOK not in caplog.text
    assert str(path) in caplog.text


class EmptyChainer(chainer.ChainerBackend):
    backends = ()  # what keyring's chainer finds on a machine with no backend


def test_an_empty_chainer_is_no_keyring(tmp_path):
    store = SecretStore.open(tmp_path / "s.toml", backend=EmptyChainer())
    assert store.fallback and "no keyring backend" in store.warning


def test_a_keyring_that_fails_when_asked_falls_back_and_says_why(tmp_path):
    store = SecretStore.open(tmp_path / "s.toml", backend=MemoryKeyring(fail_reads=True))
    assert store.fallback
    assert "did not answer: KeyringError" in store.warning


def test_a_keyring_refusing_a_write_is_an_error_without_the_value(tmp_path):
    store = SecretStore.open(tmp_path / "s.toml", backend=MemoryKeyring(fail_writes=True))
    with pytest.raises(SecretStoreError) as caught:
        store.set("desk", "url", HOOK)
    assert "abc123secret" not in str(caught.value)
    assert "url of channel desk" in str(caught.value)
    assert not (tmp_path / "s.toml").exists()  # not quietly put in the file instead


def test_a_loose_file_is_tightened_when_read(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('desk = { url = "https://x/k" }\n')
    path.chmod(0o644)
    store = SecretStore.open(path, backend=fail.Keyring())
    assert store.get("desk", "url") == "https://x/k"
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_a_broken_file_is_named_without_its_lines(tmp_path):
    path = tmp_path / "s.toml"
    path.write_text('desk = { url = "https://x/topsecret" \n')
    store = SecretStore.open(path, backend=fail.Keyring())
    with pytest.raises(SecretStoreError) as caught:
        store.get("desk", "url")
    assert str(path) in str(caught.value) and "topsecret" not in str(caught.value)


def test_a_secret_from_the_file_moves_to_a_keyring_installed_later(tmp_path):
    path = tmp_path / "s.toml"
    SecretStore.open(path, backend=fail.Keyring()).set("desk", "url", HOOK)
    backend = MemoryKeyring()
    store = SecretStore.open(path, backend=backend)
    assert store.get("desk", "url") == HOOK  # still read from the file
    store.set("desk", "url", HOOK)
    assert backend.passwords == {(SERVICE, "desk:url"): HOOK}
    assert tomllib.loads(path.read_text()) == {}


def test_rename_moves_the_secrets_and_an_empty_value_deletes(tmp_path):
    backend = MemoryKeyring()
    store = SecretStore.open(tmp_path / "s.toml", backend=backend)
    store.set("old", "url", HOOK)
    store.set("old", "sign_secret", "SECx")
    store.rename("old", "new", ("url", "sign_secret"))
    assert (store.get("new", "url"), store.get("new", "sign_secret")) == (HOOK, "SECx")
    assert (store.get("old", "url"), store.get("old", "sign_secret")) == (None, None)
    store.set("new", "sign_secret", "")
    assert store.get("new", "sign_secret") is None


def test_open_takes_keyrings_choice_and_the_config_folder(flowdeck_home):
    assert SecretStore.open().fallback  # the tests' choice: no keyring (conftest)
    with keyring_in_use(MemoryKeyring()) as backend:
        store = SecretStore.open()
        store.set("desk", "url", HOOK)
        assert backend.passwords == {(SERVICE, "desk:url"): HOOK}
    assert secrets_path() == flowdeck_home / "config" / "channel-secrets.toml"


def test_the_linux_bundle_says_why_it_has_no_keyring(tmp_path, monkeypatch):
    monkeypatch.setattr("sys.frozen", True, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    store = SecretStore.open(tmp_path / "s.toml", backend=fail.Keyring())
    assert store.fallback and "the Linux bundle carries no Secret Service client" in (
        store.warning)
