"""The edit dialog's secret fields with a keyring: they say the secret is in the keyring
and never show it; a typed one replaces it, Forget removes it, a kind that has no such
secret drops it. A test message finishing while the Settings dialog is closed is shown
when it is opened again."""

from __future__ import annotations

import asyncio

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QCheckBox, QDialogButtonBox, QLineEdit

from flowdeck.storage.secrets import SERVICE
from tests.support.fake_channels.webhook import FakeWebhook
from tests.support.memory_keyring import MemoryKeyring, keyring_in_use

OK = QDialogButtonBox.StandardButton.Ok


def click(qtbot, button) -> None:
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)


def open_page(window):
    dialog = window.open_settings()
    dialog.pages.setCurrentWidget(dialog.channels)
    return dialog, dialog.channels


def edit_row(qtbot, page, row: int):
    page.view.selectRow(row)
    click(qtbot, page.buttons["edit"])
    return page.dialog


def test_secrets_in_the_keyring_replaced_forgotten_and_dropped(window, qtbot):
    backend = MemoryKeyring()

    async def body(window):
        _, page = open_page(window)
        assert not page.warning.isVisible()
        click(qtbot, page.buttons["add"])
        edit = page.dialog
        assert edit.where.text() == f"Secrets are stored in the keyring ({MemoryKeyring.name})."
        edit.name.setText("ding")
        edit.kind.setCurrentIndex(edit.kind.findData("dingtalk"))
        edit.findChild(QLineEdit, "secret_url").setText("https://oapi.example/send?t=1")
        edit.findChild(QLineEdit, "secret_sign_secret").setText("SEC1")
        click(qtbot, edit.buttons.button(OK))
        assert backend.passwords == {(SERVICE, "ding:url"): "https://oapi.example/send?t=1",
                                     (SERVICE, "ding:sign_secret"): "SEC1"}

        edit = edit_row(qtbot, page, 0)
        url = edit.findChild(QLineEdit, "secret_url")
        assert url.text() == "" and url.placeholderText() == (
            "stored in the keyring; type to replace")
        url.setText("https://oapi.example/send?t=2")
        edit.findChild(QCheckBox, "forget_sign_secret").setChecked(True)
        click(qtbot, edit.buttons.button(OK))
        assert backend.passwords == {(SERVICE, "ding:url"): "https://oapi.example/send?t=2"}

        edit = edit_row(qtbot, page, 0)
        assert edit.findChild(QLineEdit, "secret_sign_secret").placeholderText() == "not set"
        assert edit.findChild(QCheckBox, "forget_sign_secret") is None
        edit.kind.setCurrentIndex(edit.kind.findData("telegram"))
        edit.findChild(QLineEdit, "channel_chat_id").setText("-100")
        edit.findChild(QLineEdit, "secret_bot_token").setText("123:abc")
        click(qtbot, edit.buttons.button(OK))
        assert backend.passwords == {(SERVICE, "ding:bot_token"): "123:abc"}

    with keyring_in_use(backend):
        window(body)


def test_a_test_finishing_while_the_dialog_is_closed_is_shown_on_reopening(window, qtbot):
    async def body(window):
        async with FakeWebhook() as fake:
            dialog, page = open_page(window)
            click(qtbot, page.buttons["add"])
            edit = page.dialog
            edit.name.setText("hook")
            edit.findChild(QLineEdit, "channel_url").setText(fake.url)
            click(qtbot, edit.buttons.button(OK))
            page.view.selectRow(0)
            click(qtbot, page.buttons["test"])
            dialog.close()
            await asyncio.wait_for(page.task, 10)
            dialog, again = open_page(window)
            assert again is page and page.buttons["test"].isEnabled()
            assert page.result.text() == ("Delivered to hook. The provider answered: "
                                          "HTTP 200: ok")

    window(body)
