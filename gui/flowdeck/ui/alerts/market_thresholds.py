"""The rule editor's per-market part: a threshold for HK, US and A-shares (each in its
market's own currency, blank: the rule's threshold), and the currency the rule's own
threshold is in ("each stock's own", as rules always were, or one currency converted
to each code's at the settings' rates). A currency without a rate is said at once:
those codes are not checked (core/rule_thresholds.py).

SH and SZ thresholds of their own (the rules file's `thresholds = { SH = ... }`) are
not offered here but kept as loaded, so editing a rule never drops them."""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, Signal
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...core.currency import CURRENCIES, Rates
from ...core.markets import MARKET_ORDER, MARKETS
from ...core.rule_thresholds import conversion
from ..look.theme import tint

OWN = QT_TRANSLATE_NOOP("MarketThresholds", "each stock's own currency")
#: The markets offered, with their edit's name (A: SH and SZ).
OFFERED = ("HK", "US", "A")
translate = QCoreApplication.translate


class MarketThresholds(QWidget):
    changed = Signal()

    def __init__(self, rates: Rates | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rates = rates
        self._kept: dict[str, str] = {}  # SH / SZ as loaded
        self.edits = {key: QLineEdit(objectName=f"threshold{key}") for key in OFFERED}
        self.labels = {key: QLabel(key) for key in OFFERED}
        self.currency = QComboBox(objectName="thresholdCurrency")
        self.currency.addItem(OWN, "")
        for code in CURRENCIES:
            self.currency.addItem(code, code)
        self.in_label = QLabel()
        self.mark = QLabel(objectName="missingRate", wordWrap=True)
        tint(self.mark, "warning")
        self.mark.hide()
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for key in OFFERED:
            row.addWidget(self.labels[key])
            row.addWidget(self.edits[key], 1)
            self.edits[key].textChanged.connect(self.changed)
        in_row = QHBoxLayout()
        in_row.addWidget(self.in_label)
        in_row.addWidget(self.currency, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(in_row)
        layout.addLayout(row)
        layout.addWidget(self.mark)
        self.currency.currentIndexChanged.connect(self.changed)
        self.changed.connect(self.show_missing)
        self.retranslate()

    def retranslate(self) -> None:
        self.currency.setItemText(0, translate("MarketThresholds", OWN))
        self.in_label.setText(translate("MarketThresholds", "Threshold in"))
        for key, edit in self.edits.items():
            edit.setPlaceholderText(translate("MarketThresholds", "as above"))
            edit.setToolTip(translate("MarketThresholds", "{market}'s own threshold, in its "
                                                          "currency").format(market=key))
        self.labels["A"].setToolTip(translate("MarketThresholds", "A-shares: SH and SZ"))
        self.show_missing()

    def load(self, texts: dict[str, str], currency: str) -> None:
        """A rule's per-market thresholds as text (key -> text) and its currency."""
        self._kept = {k: v for k, v in texts.items() if k not in OFFERED}
        for key, edit in self.edits.items():
            edit.setText(texts.get(key, ""))
        index = self.currency.findData(currency)
        if index < 0:  # a currency the file names but the list does not offer: kept
            self.currency.addItem(currency, currency)
            index = self.currency.count() - 1
        self.currency.setCurrentIndex(index)

    def thresholds(self) -> dict[str, str]:
        typed = {k: e.text().strip() for k, e in self.edits.items() if e.text().strip()}
        return {**self._kept, **typed}

    def chosen_currency(self) -> str:
        return self.currency.currentData() or ""

    def set_amount(self, amount: bool) -> None:
        """Only amounts have a currency (a ratio or a streak keep each stock's own)."""
        if not amount:
            self.currency.setCurrentIndex(0)
        self.currency.setEnabled(amount)

    def hint(self) -> str:
        """The threshold's hint while it is in one currency ('' otherwise)."""
        chosen = self.chosen_currency()
        return translate("MarketThresholds", "An amount in {currency}, converted to each "
                                             "stock's currency at the rates in Settings: "
                                             "5e7, 5000万 or 50M").format(
            currency=chosen) if chosen else ""

    def set_rates(self, rates: Rates | None) -> None:
        self.rates = rates
        self.show_missing()

    def missing(self) -> list[str]:
        """The currencies the chosen one cannot be converted to, for markets without a
        threshold of their own."""
        source = self.chosen_currency()
        if not source:
            return []
        own = self.thresholds()
        needed = [MARKETS[m].currency for m in MARKET_ORDER
                  if m.value not in own and not (m.value in ("SH", "SZ") and "A" in own)]
        return [c for c in dict.fromkeys(needed)
                if math.isnan(conversion(source, c, self.rates))]

    def show_missing(self) -> None:
        missing = self.missing()
        self.mark.setVisible(bool(missing))
        self.mark.setText(missing_rate_text(missing) if missing else "")


def missing_rate_text(currencies: list[str]) -> str:
    """Why a rule in one currency does not check some codes (the editor, the list)."""
    return translate("MarketThresholds", "No rate for {currencies}: codes in it are not "
                                         "checked by this rule until File > Settings has "
                                         "one.").format(currencies=", ".join(currencies))
