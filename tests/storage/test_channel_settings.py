"""The settings' [[channels]]: saved and read back with the rest; a bad table named and
kept on save; secrets typed into the file read from there until moved to the store."""

from __future__ import annotations

import tomllib

from keyring.backends import fail

from flowdeck.core.channel_spec import ChannelSpec
from flowdeck.storage import paths
from flowdeck.storage.channel_settings import (
    TypedOverStore,
    channel_specs,
    move_typed_secrets,
    read_channel_settings,
    read_channel_specs,
    set_channel_specs,
    typed_secrets,
)
from flowdeck.storage.config import load_config, save_config
from flowdeck.storage.secrets import SecretStore
from tests.support.settings_file import write_settings

CODES = ["HK.00700"]
DING = "https://oapi.dingtalk.com/robot/send?access_token=tok123"
FILE = f'''
[[channels]]
name = "hook"
kind = "webhook"
url = "http://127.0.0.1:9/in"
[[channels]]
name = "desk"
kind = "dingtalk"
url = "{DING}"
options = {{ at_all = true, sign_secret = "SECsign" }}
[[channels]]
name = "bad"
kind = "pager"
[[channels]]
name = "hook"
kind = "slack"
[[channels]]
name = "tg"
kind = "telegram"
bot_token = "123:abc"
options = {{ chat_id = "-100" }}
'''


def test_channels_are_saved_and_read_back_with_the_rest(tmp_path):
    path = tmp_path / "flowdeck.toml"
    config = load_config(path, CODES).config
    assert channel_specs(config) == ([], [])
    chosen = [ChannelSpec("hook", "webhook", "https://example.test/in",
                          options={"headers": {"X-Desk": "1"}}),
              ChannelSpec("mail", "email", enabled=False, per_min=5,
                          options={"host": "smtp.example.test", "port": 587,
                                   "to": ["a@example.test"]})]
    set_channel_specs(config, chosen)
    save_config(path, config)
    doc = tomllib.loads(path.read_text("utf-8"))
    assert [t["name"] for t in doc["channels"]] == ["hook", "mail"]
    assert doc["channels"][1]["per_min"] == 5
    again = load_config(path, CODES)
    assert again.warning is None
    assert channel_specs(again.config) == (chosen, [])
    assert again.config.watchlists[0]["codes"] == CODES
    set_channel_specs(again.config, [])
    save_config(path, again.config)
    assert "channels" not in tomllib.loads(path.read_text("utf-8"))


def test_bad_tables_are_named_and_kept_on_save(tmp_path):
    path = tmp_path / "flowdeck.toml"
    path.write_text(FILE)
    config = load_config(path, CODES).config
    specs, problems = channel_specs(config)
    assert [s.name for s in specs] == ["hook", "desk", "tg"]
    assert [str(p) for p in problems] == [
        "channel #3: channel bad: kind 'pager' must be one of webhook, wecom, dingtalk, "
        "feishu, telegram, slack, email",
        "channel #4: the name hook is used by an earlier channel"]
    set_channel_specs(config, specs[:1])
    save_config(path, config)
    tables = tomllib.loads(path.read_text("utf-8"))["channels"]
    assert tables[1:] == [{"name": "bad", "kind": "pager"},
                          {"name": "hook", "kind": "slack"}]
    assert [str(p) for p in channel_specs(load_config(path).config)[1]] == [
        "channel #2: channel bad: kind 'pager' must be one of webhook, wecom, dingtalk, "
        "feishu, telegram, slack, email",
        "channel #3: the name hook is used by an earlier channel"]


def test_typed_secrets_are_read_then_moved_to_the_store_and_out_of_the_file(tmp_path):
    path = tmp_path / "flowdeck.toml"
    path.write_text(FILE)
    config = load_config(path, CODES).config
    specs = {s.name: s for s in channel_specs(config)[0]}
    assert specs["desk"].url == "" and specs["desk"].options == {"at_all": True}
    assert specs["hook"].url == "http://127.0.0.1:9/in"  # a webhook's URL is no secret
    typed = typed_secrets(config)
    assert typed == {"desk": {"url": DING, "sign_secret": "SECsign"},
                     "tg": {"bot_token": "123:abc"}}
    store = SecretStore.open(tmp_path / "secrets.toml", backend=fail.Keyring())
    store.set("hook", "hmac_secret", "hmac1")
    reader = TypedOverStore(typed, store)
    assert (reader.get("desk", "url"), reader.get("hook", "hmac_secret")) == (DING, "hmac1")
    set_channel_specs(config, list(specs.values()))  # not moved yet: kept in the file
    assert typed_secrets(config) == typed
    assert move_typed_secrets(config, store) == ["desk", "tg"]
    save_config(path, config)
    text = path.read_text("utf-8")
    assert "tok123" not in text and "SECsign" not in text and "123:abc" not in text
    assert (store.get("desk", "url"), store.get("desk", "sign_secret"),
            store.get("tg", "bot_token")) == (DING, "SECsign", "123:abc")
    again = load_config(path).config
    assert typed_secrets(again) == {} and move_typed_secrets(again, store) == []
    assert {s.name: s for s in channel_specs(again)[0]} == specs


def test_the_read_only_reader_never_writes(flowdeck_home):
    assert read_channel_specs() == ([], [])
    before = write_settings(FILE)
    specs, problems, typed = read_channel_settings()
    assert [s.name for s in specs] == ["hook", "desk", "tg"]
    assert problems[1] == "channel #4: the name hook is used by an earlier channel"
    assert typed["desk"]["url"] == DING
    assert paths.config_path().read_bytes() == before
    write_settings('[[channels]]\nname = "x"\nurl = "https://k/SECRET\n')
    specs, problems = read_channel_specs()
    assert specs == [] and "cannot be read" in problems[0] and "SECRET" not in problems[0]


def test_channels_that_are_not_a_list_are_named(tmp_path):
    path = tmp_path / "flowdeck.toml"
    path.write_text('channels = "desk"\n')
    config = load_config(path).config
    assert [str(p) for p in channel_specs(config)[1]] == [
        "channel #1: [[channels]] must be a list of tables"]
    set_channel_specs(config, [ChannelSpec("hook", "webhook", "https://example.test/in")])
    assert channel_specs(config) == ([ChannelSpec("hook", "webhook",
                                                  "https://example.test/in")], [])
