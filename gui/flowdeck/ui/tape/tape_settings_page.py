"""The settings dialog's Big trades page: the minimum value of a big trade per market
(blank: the market's default, the large tier's lower bound, shown greyed in the box)
and per code (one `CODE VALUE` a line: `HK.00700 1000万`), and how much of the day the
tape keeps (per code, in all). Values take units as the rules do (`5e6`, `500万`,
`5M`); a bad one is named under the boxes in the language spoken and nothing is
applied until it is fixed. On core.big_trade_thresholds' TapeSettings."""

from __future__ import annotations

from PySide6.QtCore import QEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from ...core.big_trade_thresholds import (
    DEFAULT_MIN_VALUES,
    MAX_PER_CODE,
    MAX_TOTAL,
    BigTradeThresholds,
    TapeSettings,
    check_min_value,
)
from ...core.codes import Market, normalise_code
from ...core.errors import FlowDeckError
from ...core.units import format_amount
from ..look.error_text import error_text
from ..look.i18n import amount_units
from ..look.theme import tint


class TapeSettingsPage(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tapeSettingsPage")
        self.markets = {m: QLineEdit(self, objectName=f"tapeMin{m.value}", clearButtonEnabled=True)
                        for m in Market}
        self.codes = QPlainTextEdit(self, objectName="tapeCodeMins")
        self.codes.setTabChangesFocus(True)
        self.codes.setMaximumHeight(90)
        self.per_code = QSpinBox(self, objectName="tapePerCode", minimum=1,
                                 maximum=MAX_PER_CODE, singleStep=500)
        self.total = QSpinBox(self, objectName="tapeTotal", minimum=1, maximum=MAX_TOTAL,
                              singleStep=10_000)
        self.error = QLabel(self, objectName="tapeSettingsError", wordWrap=True)
        tint(self.error, "error")
        self.error.hide()
        self.note = QLabel(self, objectName="tapeSettingsNote", wordWrap=True)
        tint(self.note, "dim")
        self.labels = {name: QLabel(self) for name in ("per_code", "total", "codes",
                                                       *(m.value for m in Market))}
        form = QFormLayout(self)
        form.addRow(self.note)
        for market, edit in self.markets.items():
            form.addRow(self.labels[market.value], edit)
        form.addRow(self.labels["codes"], self.codes)
        form.addRow(self.labels["per_code"], self.per_code)
        form.addRow(self.labels["total"], self.total)
        form.addRow(self.error)
        for edit in self.markets.values():
            edit.textEdited.connect(self._clear_error)
        self.codes.textChanged.connect(self._clear_error)
        self.retranslate()

    def load(self, settings: TapeSettings) -> None:
        own = settings.thresholds.markets
        for market, edit in self.markets.items():
            edit.setText(_amount(own[market]) if market in own else "")
        self.codes.setPlainText("\n".join(f"{code} {_amount(value)}" for code, value
                                          in sorted(settings.thresholds.codes.items())))
        self.per_code.setValue(settings.per_code)
        self.total.setValue(settings.total)
        self._clear_error()

    def settings(self) -> TapeSettings:
        """The page's settings; ValueError with the problem in the language spoken."""
        thresholds = BigTradeThresholds()
        for market, edit in self.markets.items():
            text = edit.text().strip()
            if text:
                thresholds = thresholds.with_market(market, self._amount(text, market.value))
        for number, line in enumerate(self.codes.toPlainText().splitlines(), 1):
            if not line.strip():
                continue
            code, _, value = line.strip().partition(" ")
            try:
                code = normalise_code(code)
            except FlowDeckError as exc:
                raise ValueError(self.tr("Line {line}: {problem}").format(
                    line=number, problem=error_text(exc))) from None
            if not value.strip():
                raise ValueError(self.tr("Line {line}: {code} needs a minimum value after "
                                         "it").format(line=number, code=code))
            thresholds = thresholds.with_code(code, self._amount(value.strip(), code))
        return TapeSettings(thresholds, self.per_code.value(), self.total.value())

    def valid(self) -> bool:
        """Whether the page's values are good; shows what is wrong when not."""
        try:
            self.settings()
        except ValueError as exc:
            self.error.setText(str(exc))
            self.error.show()
            return False
        return True

    def _amount(self, text: str, what: str) -> float:
        try:
            return check_min_value(text, what)
        except FlowDeckError:
            raise ValueError(self.tr("{what}: “{text}” is not an amount of 0 or more (such "
                                     "as 5e6, 500万 or 5M)").format(what=what, text=text)) \
                from None

    def _clear_error(self, *_args: object) -> None:
        self.error.hide()

    def retranslate(self) -> None:
        units = amount_units("auto")
        self.note.setText(self.tr("A trade is big when its value (price × quantity, in the "
                                  "stock's currency) is at least its code's minimum, else "
                                  "its market's. Blank: the market's default."))
        for market, edit in self.markets.items():
            self.labels[market.value].setText(self.tr("{market} minimum").format(
                market=market.value))
            edit.setPlaceholderText(format_amount(DEFAULT_MIN_VALUES[market], units, trim=True))
        self.labels["codes"].setText(self.tr("Per code"))
        self.codes.setPlaceholderText(self.tr("One a line: HK.00700 1000万"))
        self.labels["per_code"].setText(self.tr("Kept per code"))
        self.labels["total"].setText(self.tr("Kept in all"))
        self.per_code.setToolTip(self.tr("The tape keeps each code's last trades of the "
                                         "day, this many"))
        self.total.setToolTip(self.tr("... and this many in all; the oldest go first"))

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)


def _amount(value: float) -> str:
    """A stored minimum as the user may type it back (K/M/B: the same in every language)."""
    return format_amount(value, "kmb", digits=6, trim=True) if value >= 1_000 else f"{value:g}"
