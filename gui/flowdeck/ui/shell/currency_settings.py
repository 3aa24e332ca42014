"""The settings dialog's currencies: the base currency amounts are ranked and compared
in, and for each other currency its rate (one unit in the base) with the day it is of
and where it came from. A blank rate is no rate (those rows sort apart, converted rules
skip them: never a silent 1.0). Choosing another base carries the rates over through
the new base's own rate (core.currency.Rates.rebased)."""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QCoreApplication, QDate, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QGridLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from ...core.currency import CURRENCIES, USER, Rates, make_rate
from ...core.errors import FlowDeckError
from ..look.error_text import error_text
from ..look.theme import tint

translate = QCoreApplication.translate
_DAY = "yyyy-MM-dd"


class CurrencySettings(QWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base = QComboBox(objectName="baseCurrencyCombo")
        for code in CURRENCIES:
            self.base.addItem(code, code)
        self.rows: dict[str, tuple[QLabel, QLineEdit, QDateEdit, QLabel]] = {}
        self._sources: dict[str, str] = {}
        self._problem = ""
        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        for i, code in enumerate(CURRENCIES):
            rate = QLineEdit(objectName=f"rate{code}")
            date = QDateEdit(objectName=f"rateDate{code}", calendarPopup=True,
                             displayFormat=_DAY)
            row = (QLabel(), rate, date, QLabel())
            tint(row[3], "dim")
            for column, widget in enumerate(row):
                grid.addWidget(widget, i, column)
            rate.textEdited.connect(lambda _text, c=code: self._edited(c))
            date.dateChanged.connect(lambda _day, c=code: self._sources.update({c: USER}))
            self.rows[code] = row
        self.error = QLabel(objectName="rateError", wordWrap=True)
        tint(self.error, "error")
        self.error.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.base)
        layout.addLayout(grid)
        layout.addWidget(self.error)
        self._shown_base = self.base.currentData()
        self.base.currentIndexChanged.connect(self._rebase)
        self.retranslate()

    def retranslate(self) -> None:
        self.base.setToolTip(translate("CurrencySettings", "Amount columns over several "
                                       "currencies sort by their value in this currency, "
                                       "and rules can compare in it"))
        for code, (label, rate, _date, source) in self.rows.items():
            label.setText(translate("CurrencySettings", "1 {currency} =").format(
                currency=code))
            rate.setPlaceholderText(translate("CurrencySettings", "no rate"))
            source.setText(self._source_text(code))
        self._check()

    def _source_text(self, code: str) -> str:
        base = self.base.currentData()
        source = self._sources.get(code)
        if source == USER:  # a source's own name (futu) is shown as it is
            source = translate("CurrencySettings", "user",
                               "a rate's source: typed in by the user")
        return translate("CurrencySettings", "{base} ({source})").format(
            base=base, source=source) if source else base

    def load(self, rates: Rates) -> None:
        """Show `rates` (the base chosen, the other currencies' rates and dates)."""
        self.base.blockSignals(True)
        at = self.base.findData(rates.base)
        if at < 0:  # a base the list does not offer (the file names it): kept
            self.base.addItem(rates.base, rates.base)
            at = self.base.count() - 1
        self.base.setCurrentIndex(at)
        self.base.blockSignals(False)
        self._shown_base = rates.base
        self._show(rates)

    def _show(self, rates: Rates) -> None:
        by = {r.currency: r for r in rates.rates}
        self._sources = {c: r.source for c, r in by.items()}
        today = QDate.currentDate()
        for code, (_label, rate, date, _source) in self.rows.items():
            visible = code != rates.base
            for widget in self.rows[code]:
                widget.setVisible(visible)
            known = by.get(code)
            rate.setText(f"{known.rate:.10g}" if known else "")  # 10 digits: rebased too
            date.blockSignals(True)
            date.setDate(QDate.fromString(known.date, _DAY) if known else today)
            date.blockSignals(False)
            date.setEnabled(known is not None)  # no rate: no day it is of
        self.retranslate()

    def _edited(self, code: str) -> None:
        self._sources[code] = USER  # typed: the user's, dated today unless changed
        self.rows[code][2].setDate(QDate.currentDate())
        self.rows[code][2].setEnabled(bool(self.rows[code][1].text().strip()))
        self.rows[code][3].setText(self._source_text(code))
        self._check()
        self.changed.emit()

    def _rebase(self) -> None:
        try:
            rates = self._read(self._shown_base)
        except FlowDeckError:
            rates = Rates(self._shown_base)
        self._shown_base = self.base.currentData()
        self._show(rates.rebased(self._shown_base))
        self.changed.emit()

    def _read(self, base: str) -> Rates:
        out = []
        for code, (_label, rate, date, _source) in self.rows.items():
            if code == base or not rate.text().strip():
                continue
            day = date.date().toString(_DAY) or dt.date.today().isoformat()
            out.append(make_rate(code, rate.text(), day, self._sources.get(code, USER)))
        return Rates(base, tuple(out))

    def _check(self) -> None:
        try:
            self._read(self.base.currentData())
            self._problem = ""
        except FlowDeckError as exc:
            self._problem = error_text(exc)
        self.error.setText(self._problem)
        self.error.setVisible(bool(self._problem))

    def valid(self) -> bool:
        self._check()
        return not self._problem

    def rates(self) -> Rates:
        """The rates shown; FlowDeckError (1001) naming a rate that is not one."""
        return self._read(self.base.currentData())
