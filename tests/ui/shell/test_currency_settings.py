"""The settings dialog's currencies as a user works them: rates loaded with their days
and sources, another base carrying the rates over, a rate that is not one named beside
it and OK refused, a cleared rate meaning no rate, a typed rate's source in the window's
language."""

from __future__ import annotations

import pytest
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QComboBox, QDateEdit, QLabel, QLineEdit

from flowdeck.core.currency import Rate, Rates
from flowdeck.storage.config import Config
from flowdeck.ui.look.i18n import apply_language
from flowdeck.ui.shell.settings_dialog import SettingsDialog
from tests.support.window_settings import back_to_english

RATES = Rates("HKD", (Rate("USD", 7.8, "2026-11-30", "futu"), Rate("CNY", 1.1, "2026-12-01")))


def dialog(qtbot) -> SettingsDialog:
    d = SettingsDialog(Config(rates=RATES))
    qtbot.addWidget(d)
    d.show()
    return d


def edit(d: SettingsDialog, code: str) -> QLineEdit:
    return d.findChild(QLineEdit, f"rate{code}")


def test_rates_show_with_their_days_and_sources(qtbot) -> None:
    d = dialog(qtbot)
    assert edit(d, "USD").text() == "7.8" and edit(d, "CNY").text() == "1.1"
    assert d.findChild(QDateEdit, "rateDateUSD").date().toString("yyyy-MM-dd") == "2026-11-30"
    assert not edit(d, "HKD").isVisible()  # the base has no rate to give
    sources = [label.text() for label in d.findChildren(QLabel) if "(futu)" in label.text()]
    assert sources == ["HKD (futu)"]
    assert d.edited().rates == RATES  # untouched: given back exactly


def test_another_base_carries_the_rates_over(qtbot) -> None:
    d = dialog(qtbot)
    base = d.findChild(QComboBox, "baseCurrencyCombo")
    base.setCurrentIndex(base.findData("CNY"))
    rates = d.edited().rates
    assert rates.base == "CNY"
    assert rates.rate_of("HKD") == pytest.approx(1 / 1.1, rel=1e-9)
    assert rates.rate_of("USD") == pytest.approx(7.8 / 1.1, rel=1e-9)
    assert edit(d, "HKD").text() == "0.9090909091"
    assert not edit(d, "CNY").isVisible() and edit(d, "HKD").isVisible()


def test_a_bad_rate_is_named_and_ok_refused(qtbot) -> None:
    d = dialog(qtbot)
    applied = []
    d.applied.connect(applied.append)
    edit(d, "USD").selectAll()
    QTest.keyClicks(edit(d, "USD"), "7,8x")
    assert d.apply() is False and applied == []
    error = d.findChild(QLabel, "rateError")
    assert error.isVisible() and "USD" in error.text()
    edit(d, "USD").selectAll()
    QTest.keyClick(edit(d, "USD"), "\b")  # cleared: no rate, which is allowed
    assert d.apply() is True
    assert applied[0].rates == Rates("HKD", (Rate("CNY", 1.1, "2026-12-01"),))


@pytest.fixture
def english_after(qapp):
    yield
    back_to_english()


def test_a_typed_rate_s_source_is_said_in_the_window_s_language(qtbot, english_after) -> None:
    d = dialog(qtbot)
    edit(d, "USD").selectAll()
    QTest.keyClicks(edit(d, "USD"), "7.82")

    def sources() -> list[str]:
        return sorted(label.text() for label in d.findChildren(QLabel)
                      if label.text().startswith("HKD") and label.isVisible())

    # USD typed over (the user's now, no longer futu's), CNY's the user's in RATES
    assert sources() == ["HKD (user)", "HKD (user)"]
    for lang, typed in (("zh_CN", "HKD（手动输入）"), ("zh_HK", "HKD（手動輸入）")):
        apply_language(lang)
        QApplication.processEvents()  # Qt posts LanguageChange
        assert sources() == [typed, typed], lang
