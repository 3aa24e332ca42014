import os
import subprocess
import sys

import pytest

from flowdeck.storage import paths


def test_home_env_puts_everything_under_it(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path))
    assert paths.config_path() == tmp_path / "config" / "flowdeck.toml"
    assert paths.state_dir() == tmp_path / "state"
    assert paths.data_dir() == tmp_path / "data"
    assert paths.runtime_dir() == tmp_path / "run"
    assert list(tmp_path.iterdir()) == []  # nothing created


def test_argument_beats_env(tmp_path, monkeypatch):
    monkeypatch.setenv(paths.HOME_ENV, str(tmp_path / "env"))
    assert paths.config_path(tmp_path / "arg") == tmp_path / "arg" / "config" / "flowdeck.toml"


def test_platformdirs_without_override(monkeypatch):
    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    for folder in (paths.config_dir(), paths.state_dir(), paths.data_dir(), paths.runtime_dir()):
        assert "flowdeck" in str(folder)
    assert paths.config_path().name == "flowdeck.toml"


def test_runtime_dir_does_not_warn(monkeypatch, recwarn):
    monkeypatch.delenv(paths.HOME_ENV, raising=False)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    paths.runtime_dir()
    assert not recwarn.list


def test_ensure_dir(tmp_path):
    target = tmp_path / "a" / "b"
    assert paths.ensure_dir(target) == target and target.is_dir()
    assert paths.ensure_dir(target) == target  # again: fine


@pytest.mark.e2e  # starts a Python process
def test_import_has_no_side_effects(tmp_path):
    env = {**os.environ, "HOME": str(tmp_path), paths.HOME_ENV: "",
           "XDG_CONFIG_HOME": "", "XDG_STATE_HOME": "", "XDG_DATA_HOME": ""}
    code = ("import flowdeck.storage.paths, flowdeck.storage.atomic, flowdeck.storage.config, "
            "flowdeck.storage.watchlist_files, flowdeck.core.watchlists")
    subprocess.run([sys.executable, "-c", code], env=env, check=True)
    assert list(tmp_path.iterdir()) == []
