"""The tray: its icons per state (rendered and compared pixel by pixel), its menu and
signals, and the icon under a real X server with and without a system tray."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
from PySide6.QtGui import QAction, QColor, QImage
from PySide6.QtWidgets import QSystemTrayIcon
from shiboken6 import Shiboken

from flowdeck.ui.alerts.tray import DISC_COLORS, ICON_SIZES, Tray, TrayState, tray_icon_for
from tests.support.xvfb_tray import xvfb_with_tray

REPO = Path(__file__).resolve().parents[2]


def render(state: TrayState, paused: bool = False, size: int = 32) -> QImage:
    return tray_icon_for(state, paused).pixmap(size, size).toImage()


def disc_pixel(image: QImage) -> QColor:
    """A point of the disc clear of the bars, the alert dot and the pause mark."""
    return image.pixelColor(image.width() * 3 // 10, image.height() * 3 // 10)


def close(a: QColor, b: QColor, tolerance: int = 12) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a.getRgb()[:3], b.getRgb()[:3],
                                                        strict=True))


def dark_share(image: QImage) -> float:
    """The share of opaque, dark pixels in the bottom right quarter."""
    half = image.width() // 2
    pixels = [image.pixelColor(x, y) for x in range(half, image.width())
              for y in range(half, image.height())]
    return sum(p.alpha() == 255 and max(p.getRgb()[:3]) < 80 for p in pixels) / len(pixels)


def find_action(tray: Tray, name: str) -> QAction:
    action = tray.menu.findChild(QAction, name)
    assert action is not None, name
    return action


# --- icons -------------------------------------------------------------------------------

@pytest.mark.parametrize("size", ICON_SIZES)
def test_each_state_has_its_own_disc_colour(qapp, size) -> None:
    images = {state: render(state, size=size) for state in TrayState}
    for state, image in images.items():
        assert close(disc_pixel(image), DISC_COLORS[state]), (state, size)
    centres = {s: image.pixelColor(size // 2, size // 2).name() for s, image in images.items()}
    assert images[TrayState.CONNECTED] != images[TrayState.DISCONNECTED]
    assert images[TrayState.CONNECTED] != images[TrayState.ALERT]
    assert images[TrayState.DISCONNECTED] != images[TrayState.ALERT]
    # The centre reads differently too: bars or disc, never the same colour in all three.
    assert len(set(centres.values())) >= 2


def test_icon_is_painted_at_every_size(qapp) -> None:
    icon = tray_icon_for(TrayState.CONNECTED)
    assert sorted(s.width() for s in icon.availableSizes()) == sorted(ICON_SIZES)
    corner = render(TrayState.CONNECTED, size=16).pixelColor(0, 0)
    assert corner.alpha() == 0  # round, on a transparent background


def test_paused_icon_differs_and_shows_the_pause_mark(qapp) -> None:
    for state in TrayState:
        plain, paused = render(state), render(state, paused=True)
        assert plain != paused
        # The pause badge sits bottom right, dark where the plain icon has no dark pixel.
        assert dark_share(plain) == 0
        assert dark_share(paused) > 0.3
        assert close(disc_pixel(paused), DISC_COLORS[state])  # the state still shows


def test_alert_icon_has_a_red_dot(qapp) -> None:
    image = render(TrayState.ALERT, size=64)
    dot = image.pixelColor(51, 13)
    assert dot.red() > 180 and dot.green() < 80, dot.name()


# --- the Tray object ------------------------------------------------------------------

@pytest.fixture
def tray(qapp):
    tray = Tray()
    yield tray
    tray.hide()


def test_no_tray_offscreen(tray) -> None:
    assert Tray.available() is False


def test_menu_actions_emit_their_signals(tray, qtbot) -> None:
    for name, signal in (("trayShowHide", tray.show_hide_requested),
                         ("trayOpenLog", tray.log_requested),
                         ("trayQuit", tray.quit_requested)):
        with qtbot.waitSignal(signal, timeout=1000):
            find_action(tray, name).trigger()


def test_pause_choices_emit_seconds_or_none(tray) -> None:
    got: list = []
    tray.pause_requested.connect(got.append)
    tray.set_paused(None)  # Resume is enabled only while paused
    for name in ("trayPause15m", "trayPause1h", "trayPauseUntilResumed", "trayResume"):
        find_action(tray, name).trigger()
    assert got == [900.0, 3600.0, None, 0]
    assert [a.text() for a in tray.pause_menu.actions()] == ["15 minutes", "1 hour",
                                                             "Until resumed"]
    assert tray.pause_menu.title() == "Pause alerts"


def test_menu_order(tray) -> None:
    texts = [a.text() for a in tray.menu.actions() if a.isVisible()]
    assert texts == ["Hide window", "", "Pause alerts", "Resume alerts", "Open alert log", "",
                     "Quit"]


def test_set_paused_text_and_resume(tray) -> None:
    label, resume = find_action(tray, "trayPausedLabel"), find_action(tray, "trayResume")
    assert not label.isVisible() and not resume.isEnabled()
    until = time.mktime(time.strptime("2024-05-06 14:05:00", "%Y-%m-%d %H:%M:%S"))
    tray.set_paused(until)
    assert label.isVisible() and label.text() == "Alerts paused until 14:05"
    assert not label.isEnabled()  # information, not a command
    assert resume.isEnabled()
    assert "Alerts paused until 14:05" in tray.tray_icon.toolTip()
    tray.set_paused(None)
    assert label.text() == "Alerts paused until resumed" and resume.isEnabled()
    tray.set_paused(True)
    assert label.text() == "Alerts paused until resumed"
    tray.set_paused(False)
    assert not label.isVisible() and not resume.isEnabled() and not tray.paused
    assert "paused" not in tray.tray_icon.toolTip()
    tray.set_paused(0)  # "resume now" in pause_requested's terms
    assert not tray.paused


def test_paused_changes_the_icon(tray) -> None:
    tray.set_state(TrayState.CONNECTED)
    before = tray.tray_icon.icon().pixmap(32, 32).toImage()
    tray.set_paused(None)
    assert tray.tray_icon.icon().pixmap(32, 32).toImage() == render(TrayState.CONNECTED, True)
    assert tray.tray_icon.icon().pixmap(32, 32).toImage() != before


def test_set_window_visible_text(tray) -> None:
    action = find_action(tray, "trayShowHide")
    tray.set_window_visible(False)
    assert action.text() == "Show window"
    tray.set_window_visible(True)
    assert action.text() == "Hide window"


def test_set_state_icon_and_tooltip(tray) -> None:
    for state, word in ((TrayState.CONNECTED, "live"), (TrayState.DISCONNECTED, "disconnected"),
                        (TrayState.ALERT, "new alert")):
        tray.set_state(state)
        assert tray.state is state
        assert tray.tray_icon.toolTip() == f"FlowDeck — {word}"
        assert tray.tray_icon.icon().pixmap(32, 32).toImage() == render(state)


def test_icon_is_set_only_when_it_changes(tray, monkeypatch) -> None:
    calls: list = []
    monkeypatch.setattr(tray.tray_icon, "setIcon", calls.append)
    tray.set_state(TrayState.CONNECTED)
    tray.set_state(TrayState.CONNECTED)  # the window's once-a-second tick
    tray.set_paused(None)
    tray.set_paused(None)
    assert len(calls) == 2


def test_trigger_toggles_other_clicks_do_not(tray, qtbot) -> None:
    got: list = []
    tray.show_hide_requested.connect(lambda: got.append(1))
    reason = QSystemTrayIcon.ActivationReason
    tray.tray_icon.activated.emit(reason.Trigger)
    tray.tray_icon.activated.emit(reason.Context)
    tray.tray_icon.activated.emit(reason.DoubleClick)  # X11 sends Trigger first: no 2nd toggle
    assert got == [1]


def test_message_clicked_and_show_message(tray, qtbot, monkeypatch) -> None:
    with qtbot.waitSignal(tray.message_clicked, timeout=1000):
        tray.tray_icon.messageClicked.emit()
    calls: list = []
    monkeypatch.setattr(tray.tray_icon, "showMessage", lambda *a: calls.append(a))
    tray.show_message("T", "B", 5000)
    assert calls and calls[0][0] == "T" and calls[0][1] == "B" and calls[0][-1] == 5000


def test_show_hide_visibility(tray) -> None:
    assert not tray.is_visible()
    tray.show()
    assert tray.is_visible()
    tray.hide()
    assert not tray.is_visible()


def test_menu_goes_with_the_tray(qapp, qtbot) -> None:
    tray = Tray()
    menu = tray.menu
    tray.deleteLater()
    qtbot.waitUntil(lambda: not Shiboken.isValid(menu), timeout=2000)


# --- a real X server -----------------------------------------------------------------------

PROBE = """
import json, sys, time
from PySide6.QtWidgets import QApplication, QSystemTrayIcon
from flowdeck.ui.alerts.tray import Tray, TrayState
app = QApplication([])
end = time.monotonic() + float(sys.argv[1])
available = QSystemTrayIcon.isSystemTrayAvailable()
while not available and time.monotonic() < end:  # trayer takes the selection late
    app.processEvents()
    time.sleep(0.1)
    available = QSystemTrayIcon.isSystemTrayAvailable()
tray = Tray()
tray.set_state(TrayState.CONNECTED)
tray.show()
end = time.monotonic() + (5 if available else 1)
while time.monotonic() < end and tray.tray_icon.geometry().isEmpty():
    app.processEvents()
    time.sleep(0.05)
for _ in range(10):  # let the embedded icon paint
    app.processEvents()
    time.sleep(0.03)
g = tray.tray_icon.geometry()
out = {"available": available, "tray_available": Tray.available(),
       "visible": tray.tray_icon.isVisible(), "geometry": [g.x(), g.y(), g.width(), g.height()]}
if not g.isEmpty():
    image = app.primaryScreen().grabWindow(0, g.x(), g.y(), g.width(), g.height()).toImage()
    out["pixels"] = [image.pixelColor(x, y).name() for y in range(image.height())
                     for x in range(image.width())]
print(json.dumps(out))
"""
needs_xvfb = pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")


def run_probe(env: dict[str, str], wait_s: float) -> dict:
    env = {**env, "PYTHONPATH": str(REPO / "gui")}
    done = subprocess.run([sys.executable, "-c", PROBE, str(wait_s)], env=env, cwd=REPO,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


@pytest.mark.e2e
@needs_xvfb
@pytest.mark.skipif(shutil.which("trayer") is None, reason="trayer is not installed")
def test_icon_shows_in_a_real_tray() -> None:
    with xvfb_with_tray(tray=True) as env:
        assert env["QT_QPA_PLATFORM"] == "xcb" and env["DISPLAY"].startswith(":")
        result = run_probe(env, 10)
    assert result["available"] and result["tray_available"] and result["visible"]
    _x, y, w, h = result["geometry"]
    assert w > 0 and h > 0 and y > 800  # embedded in trayer, at the bottom edge
    # The icon is really on the screen: the live disc's green covers a good part of it.
    green = DISC_COLORS[TrayState.CONNECTED]
    share = sum(close(QColor(p), green) for p in result["pixels"]) / len(result["pixels"])
    assert share > 0.2, share


@pytest.mark.e2e
@needs_xvfb
def test_no_tray_on_a_bare_x_server() -> None:
    with xvfb_with_tray(tray=False) as env:
        result = run_probe(env, 1)
    assert result["available"] is False and result["tray_available"] is False
    assert result["geometry"][2:] == [0, 0]  # shown, but nowhere to be seen


@pytest.mark.e2e
@needs_xvfb
def test_xvfb_with_tray_stops_its_processes() -> None:
    with xvfb_with_tray(tray=False) as env:
        display = env["DISPLAY"]
        socket = Path(f"/tmp/.X11-unix/X{display[1:]}")
        assert socket.exists()
    deadline = time.monotonic() + 5
    while socket.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not socket.exists()
