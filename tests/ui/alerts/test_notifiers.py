"""Notifiers: the tray when a tray exists, banners otherwise, a beep on top when asked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from flowdeck.core.alert_rules import make_rule
from flowdeck.core.alerts import Alert
from flowdeck.ui.alerts.notifiers import (
    BannerNotifier,
    BeepNotifier,
    TrayNotifier,
    choose_notifier,
)
from flowdeck.ui.alerts.tray import Tray
from flowdeck.ui.look.banner import BannerArea


def alert(code: str = "HK.00700", field: str = "main_net_inflow", value: float = 6.2e7,
          note: str = "Tencent buying") -> Alert:
    threshold = "12%" if field.endswith("ratio") else "50M"
    rule = make_rule(f"code:{code}", field, ">", threshold, note=note)
    return Alert(code, rule, value, "2024-05-06 10:15:00", 1_714_961_700.0)


@pytest.fixture
def banners(qapp):
    area = BannerArea()
    yield area
    area.deleteLater()


@pytest.fixture
def tray(qapp):
    return Tray()


def test_falls_back_to_banners_without_a_tray(tray, banners) -> None:
    assert not Tray.available()  # offscreen has no system tray
    assert isinstance(choose_notifier(tray, banners), BannerNotifier)
    chosen = choose_notifier(None, banners)
    assert isinstance(chosen, BannerNotifier) and chosen.name == "banner"


def test_picks_the_tray_when_one_exists(tray, banners, monkeypatch) -> None:
    monkeypatch.setattr(Tray, "available", staticmethod(lambda: True))
    chosen = choose_notifier(tray, banners)
    assert isinstance(chosen, TrayNotifier) and chosen.name == "tray"
    calls: list[tuple] = []
    monkeypatch.setattr(tray.tray_icon, "showMessage", lambda *args: calls.append(args))
    fired = alert()
    chosen.notify(fired)
    chosen.notify(alert(note=""), "wan")
    (title, body, _icon, msecs), (title2, body2, *_rest) = calls
    assert title == "HK.00700: Main net inflow > 50M" == fired.title()
    assert body == "62M at 2024-05-06 10:15:00\nTencent buying"
    assert msecs == 10000
    assert title2 == "HK.00700: Main net inflow > 5000万"
    assert body2 == "6200万 at 2024-05-06 10:15:00"  # no note, no extra line
    assert banners.texts() == []  # the tray took it: no banner as well


def test_one_banner_with_the_latest_and_a_count(banners) -> None:
    notifier = BannerNotifier(banners)
    notifier.notify(alert(value=6.2e7))
    assert banners.texts() == ["Alert: HK.00700: Main net inflow > 50M — 62M at "
                               "2024-05-06 10:15:00 — Tencent buying"]
    banner = banners.banner(BannerNotifier.KEY)
    assert banner is not None and banner.label.textFormat() == Qt.TextFormat.PlainText
    notifier.notify(alert(field="main_net_inflow_ratio", value=0.2, note=""))
    notifier.notify(alert(code="US.AAPL", value=9e7, note=""))
    assert banners.texts() == ["Alert: US.AAPL: Main net inflow > 50M — 90M at "
                               "2024-05-06 10:15:00  (+2 more in the alert log)"]
    banner.dismiss()  # seen: the count starts again
    notifier.notify(alert(value=7e7, note=""))
    assert banners.texts() == ["Alert: HK.00700: Main net inflow > 50M — 70M at "
                               "2024-05-06 10:15:00"]


def test_banner_shows_markup_as_typed(banners) -> None:
    BannerNotifier(banners).notify(alert(note="<b>buy</b>"))
    assert banners.texts()[0].endswith("— <b>buy</b>")


class Recorder:
    name = "recorder"

    def __init__(self) -> None:
        self.calls: list[tuple[Alert, str]] = []

    def notify(self, alert: Alert, units: str = "kmb") -> None:
        self.calls.append((alert, units))


def test_beep_then_the_inner_notifier(qapp, monkeypatch) -> None:
    beeps: list[int] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    inner = Recorder()
    notifier = BeepNotifier(inner)
    fired = alert()
    notifier.notify(fired, "wan")
    assert notifier.name == "beep" and beeps == [1] and inner.calls == [(fired, "wan")]


def test_sound_wraps_the_chosen_notifier(tray, banners, monkeypatch) -> None:
    beeps: list[int] = []
    monkeypatch.setattr(QApplication, "beep", staticmethod(lambda: beeps.append(1)))
    chosen = choose_notifier(tray, banners, sound=True)
    assert isinstance(chosen, BeepNotifier) and isinstance(chosen.inner, BannerNotifier)
    chosen.notify(alert())
    assert beeps == [1] and len(banners.texts()) == 1
    assert not isinstance(choose_notifier(tray, banners, sound=False), BeepNotifier)


def test_more_alerts_extend_the_banner_count(banners) -> None:
    notifier = BannerNotifier(banners)
    notifier.notify_more(5)  # no banner yet: nothing to extend
    assert banners.texts() == []
    notifier.notify(alert(value=6.2e7, note=""))
    notifier.notify_more(7)
    assert banners.texts() == ["Alert: HK.00700: Main net inflow > 50M — 62M at "
                               "2024-05-06 10:15:00  (+7 more in the alert log)"]


def test_tray_sums_up_more_alerts_in_one_message(qapp) -> None:
    tray = Tray()
    shown = []
    tray.show_message = lambda title, body, msecs=10000: shown.append((title, body))
    TrayNotifier(tray).notify_more(4)
    assert shown == [("4 more alerts",
                      "They are in the alert log (Open alert log in this menu).")]
