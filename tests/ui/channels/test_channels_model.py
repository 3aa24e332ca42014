"""Settings > Channels' list over WindowChannels: each channel's kind and state as the
window's Deliveries tell it (ok, failing since HH:MM with the error, messages waiting,
not usable and why), checked by qtmodeltester; secrets typed into the settings file
moved to the store when the Deliveries attach, said once."""

from __future__ import annotations

import asyncio
import time

import pytest
from keyring.backends import fail

from flowdeck.channels.base import ChannelError
from flowdeck.live.delivery import Deliveries
from flowdeck.storage import paths
from flowdeck.storage.channel_settings import set_channel_specs, typed_secrets
from flowdeck.storage.config import load_config, save_config
from flowdeck.storage.outbox import Outbox
from flowdeck.storage.secrets import SecretStore
from flowdeck.ui.channels.channels_model import PENDING, STATE, ChannelsModel
from flowdeck.ui.channels.window_channels import WindowChannels
from flowdeck.ui.look.banner import BannerArea
from tests.support.fake_channels.server import status
from tests.support.fake_channels.webhook import FakeWebhook
from tests.support.waiting import wait_until


class Window:
    """What WindowChannels needs of the main window: its config, banners and save."""

    def __init__(self, text: str = "") -> None:
        path = paths.config_path()
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        self.config = load_config(path).config
        self.banners = BannerArea()
        self.saves = 0

    def save_config(self) -> bool:
        save_config(paths.config_path(), self.config)
        self.saves += 1
        return True


def test_states_from_the_deliveries(qloop, qtmodeltester, flowdeck_home):
    async def go():
        async with FakeWebhook() as fake:
            window = Window(f'''
[[channels]]
name = "hook"
kind = "webhook"
url = "{fake.url}"
[[channels]]
name = "robot"
kind = "wecom"
[[channels]]
name = "quiet"
kind = "slack"
enabled = false
''')
            channels = WindowChannels(window)
            model = ChannelsModel(channels)
            assert [model.data(model.index(r, STATE)) for r in range(3)] == [
                "Not running", "Not running", "Off"]
            deliveries = Deliveries(Outbox(flowdeck_home / "outbox.sqlite"))
            channels.attach(deliveries)
            changed: list[int] = []
            model.dataChanged.connect(lambda top, bottom: changed.append(top.row()))
            states = [model.data(model.index(r, STATE)) for r in range(3)]
            assert (states[0], states[2]) == ("OK", "Off")
            assert states[1] == f"Not usable: {channels.unusable['robot']}"
            assert "robot" in states[1] and "url" in states[1]  # registry's words
            qtmodeltester.check(model)
            fake.fail(status(500, "down"), status(500, "down"))
            deliveries.start()
            before = time.time()
            deliveries.put([{"type": "alert", "code": "HK.00700"}], ["hook"])
            await wait_until(lambda: not channels.state("hook").ok, 10)
            state = channels.state("hook")
            assert changed and changed[0] == 0
            assert model.data(model.index(0, STATE)) == (
                f"Failing since {time.strftime('%H:%M', time.localtime(state.failing_since))}"
                f": {state.last_error}")
            assert "500" in state.last_error and state.failing_since >= before - 1
            assert model.data(model.index(0, PENDING)) == "1"
            qtmodeltester.check(model)
            await deliveries.close()

    qloop.run_until_complete(asyncio.wait_for(go(), 30))


def test_typed_secrets_move_to_the_store_when_the_deliveries_attach(qloop, flowdeck_home):
    async def go():
        key = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=typed-key"
        window = Window(f'[[channels]]\nname = "robot"\nkind = "wecom"\nurl = "{key}"\n')
        channels = WindowChannels(window)
        deliveries = Deliveries(Outbox(flowdeck_home / "outbox.sqlite"))
        channels.attach(deliveries)
        assert "typed-key" not in paths.config_path().read_text("utf-8")
        assert typed_secrets(window.config) == {}
        assert SecretStore.open(backend=fail.Keyring()).get("robot", "url") == key
        assert channels.unusable == {}  # built from the store's url
        assert window.banners.texts() == [
            "No keyring is available: the alert channels' secrets are kept in "
            f"{paths.config_dir() / 'channel-secrets.toml'}, readable only by you but not "
            "encrypted.",
            "The secrets typed into the settings file for robot were moved to file and "
            "taken out of the file."]
        saves = window.saves
        set_channel_specs(window.config, channels.specs()[0])
        channels.attach(deliveries)  # nothing left to move: said once
        assert window.saves == saves and len(window.banners.texts()) == 2
        await deliveries.close()

    qloop.run_until_complete(asyncio.wait_for(go(), 30))


def test_an_unreadable_secrets_file_is_said_and_the_window_goes_on(qloop, flowdeck_home):
    async def go():
        key = "https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=typed-key"
        window = Window(f'[[channels]]\nname = "robot"\nkind = "wecom"\nurl = "{key}"\n'
                        '[[channels]]\nname = "tg"\nkind = "telegram"\n'
                        'options = { chat_id = "-1" }\n')
        secrets = paths.config_dir() / "channel-secrets.toml"
        secrets.write_text('tg = { bot_token = "123:abc" \n')
        channels = WindowChannels(window)
        deliveries = Deliveries(Outbox(flowdeck_home / "outbox.sqlite"))
        channels.attach(deliveries)
        assert typed_secrets(window.config) == {"robot": {"url": key}}  # left, still used
        assert "robot" not in channels.unusable
        assert channels.unusable["tg"] == (
            f"{secrets} is not a valid TOML file; fix or remove it and type the channels' "
            "secrets again")
        assert window.banners.texts()[-1] == (
            "The secrets typed into the settings file could not be moved out of it: "
            f"{channels.unusable['tg']}")
        model = ChannelsModel(channels)
        assert model.data(model.index(1, STATE)) == f"Not usable: {channels.unusable['tg']}"
        await deliveries.close()

    qloop.run_until_complete(asyncio.wait_for(go(), 30))


def test_a_test_message_to_a_channel_gone_says_so(qloop, flowdeck_home):
    channels = WindowChannels(Window())

    async def go():
        with pytest.raises(ChannelError, match="no channel named 'gone' is configured"):
            await channels.send_test("gone")

    qloop.run_until_complete(asyncio.wait_for(go(), 10))
