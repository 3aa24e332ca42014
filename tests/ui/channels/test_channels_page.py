"""Settings > Channels used as a user uses it: the real window's Settings dialog, its
buttons clicked; a channel added with its secret, a test message delivered to a local
receiver that checks its signature, the dialog closed and reopened, the channel edited
and removed. Without a keyring (the tests' default) the secret goes to the 0600 file."""

from __future__ import annotations

import asyncio
import tomllib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox, QLineEdit, QMessageBox

from flowdeck.storage import paths
from flowdeck.storage.secrets import SecretStore
from tests.support.fake_channels.server import HANG, status
from tests.support.fake_channels.webhook import FakeWebhook
from tests.support.waiting import wait_until

OK = QDialogButtonBox.StandardButton.Ok


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def channels_page(window):
    dialog = window.open_settings()
    dialog.pages.setCurrentWidget(dialog.channels)
    return dialog, dialog.channels


def add_webhook(qtbot, page, name: str, url: str, secret: str) -> None:
    click(qtbot, page.buttons["add"])
    edit = page.dialog
    assert edit.isVisible()
    edit.name.setText(name)
    edit.kind.setCurrentIndex(edit.kind.findData("webhook"))
    edit.findChild(QLineEdit, "channel_url").setText(url)
    edit.findChild(QLineEdit, "channel_headers").setText('{"X-Desk": "7"}')
    edit.findChild(QLineEdit, "secret_hmac_secret").setText(secret)
    click(qtbot, edit.buttons.button(OK))
    assert not edit.isVisible()


def test_add_test_reopen_edit_and_remove_a_channel(window, qtbot):
    async def body(window):
        async with FakeWebhook(secret="hs-1") as fake:
            dialog, page = channels_page(window)
            assert page.warning.isVisible() and "not encrypted" in page.warning.text()
            add_webhook(qtbot, page, "desk hook", fake.url, "hs-1")
            text = paths.config_path().read_text("utf-8")
            assert tomllib.loads(text)["channels"] == [
                {"name": "desk hook", "kind": "webhook", "url": fake.url, "enabled": True,
                 "options": {"headers": {"X-Desk": "7"}}}]
            assert "hs-1" not in text
            assert SecretStore.open().get("desk hook", "hmac_secret") == "hs-1"
            assert page.model.rowCount() == 1
            page.view.selectRow(0)
            click(qtbot, page.buttons["test"])
            assert not page.buttons["test"].isEnabled()
            assert page.result.text() == "Sending a test message to desk hook…"
            await asyncio.wait_for(page.task, 10)
            assert page.result.text() == ("Delivered to desk hook. The provider answered: "
                                          "HTTP 200: ok")
            assert fake.problems == [] and fake.bodies[0]["type"] == "test"
            assert fake.requests[0].headers["X-Desk"] == "7"
            dialog.close()

            dialog, page = channels_page(window)  # reopened: read from the settings
            assert page.model.data(page.model.index(0, 0)) == "desk hook"
            page.view.selectRow(0)
            click(qtbot, page.buttons["edit"])
            edit = page.dialog
            secret = edit.findChild(QLineEdit, "secret_hmac_secret")
            assert secret.text() == "" and secret.echoMode() == QLineEdit.EchoMode.Password
            assert secret.placeholderText() == ("stored in the secrets file (no keyring); "
                                                "type to replace")
            edit.name.setText("desk")
            click(qtbot, edit.buttons.button(OK))
            store = SecretStore.open()
            assert (store.get("desk", "hmac_secret"), store.get("desk hook", "hmac_secret")
                    ) == ("hs-1", None)
            assert page.model.data(page.model.index(0, 0)) == "desk"

            page.view.selectRow(0)
            click(qtbot, page.buttons["remove"])
            box = page.findChild(QMessageBox, "channelRemoveConfirm")
            click(qtbot, box.button(QMessageBox.StandardButton.Yes))
            assert page.model.rowCount() == 0
            assert SecretStore.open().get("desk", "hmac_secret") is None
            assert "channels" not in tomllib.loads(paths.config_path().read_text("utf-8"))

    window(body)


def test_a_bad_entry_is_said_in_the_dialog_which_stays_open(window, qtbot):
    async def body(window):
        _, page = channels_page(window)
        click(qtbot, page.buttons["add"])
        edit = page.dialog
        edit.name.setText("x")
        edit.kind.setCurrentIndex(edit.kind.findData("webhook"))
        edit.findChild(QLineEdit, "channel_url").setText("ftp://nowhere")
        click(qtbot, edit.buttons.button(OK))
        assert edit.isVisible()
        assert edit.error.text() == "channel x: url must start with http:// or https://"
        edit.findChild(QLineEdit, "channel_url").setText("https://example.test/in")
        edit.findChild(QLineEdit, "channel_timeout_s").setText("soon")
        click(qtbot, edit.buttons.button(OK))
        assert edit.error.text() == "timeout_s: 'soon' is not a number"
        assert page.model.rowCount() == 0

    window(body)


def test_a_failed_test_shows_the_error_and_closing_while_one_runs_is_safe(window, qtbot):
    async def body(window):
        async with FakeWebhook(secret="hs-2") as fake:
            dialog, page = channels_page(window)
            add_webhook(qtbot, page, "hook", fake.url, "hs-2")
            page.view.selectRow(0)
            fake.fail(status(500, "upstream down"))
            click(qtbot, page.buttons["test"])
            await asyncio.wait_for(page.task, 10)
            assert page.result.text().startswith("Not delivered to hook: ")
            assert "500" in page.result.text()
            fake.fail(HANG)
            click(qtbot, page.buttons["test"])
            task = page.task
            await wait_until(lambda: len(fake.requests) == 2, 10)
            dialog.close()  # closed and deleted while a test runs: the send is cancelled
            window.settings_dialog = None
            dialog.deleteLater()
            await asyncio.wait_for(asyncio.wait([task]), 10)
            assert task.cancelled()

    window(body)

