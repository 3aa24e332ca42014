"""The rule editor's 2nd and 3rd conditions (issue 22): each a field, an operator, a
threshold and its re-arm band, on the same code as the first and combined with it by
AND; Add and Remove buttons. The box keeps what was typed; the editor checks it with the
core's make_rule, which says what is wrong with which condition."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QLabel,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ...core.alert_rules import MAX_CONDITIONS, OPS, Condition
from ...core.derived_fields import RULE_KEYS, field_meta
from ..look.i18n import current_language
from .rule_fields import OP_LABELS, PLACEHOLDERS, parsed_text, row_of, value_text

# The operators' and placeholders' texts are the editor's (context "RuleDialog").
translate = QCoreApplication.translate


class ConditionRow(QWidget):
    """One more condition: "and FIELD OP THRESHOLD (= parsed) band [Remove]"."""

    def __init__(self, n: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName(f"condition{n}")
        self.and_label = QLabel()
        self.field = QComboBox(objectName=f"field{n}")
        for key in RULE_KEYS:
            self.field.addItem(field_meta(key).label_en, key)
        self.field.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.field.setMinimumContentsLength(12)
        self.op = QComboBox(objectName=f"op{n}")
        for o in OPS:
            self.op.addItem(OP_LABELS.get(o, o.value), o.value)
        self.threshold = QLineEdit(objectName=f"threshold{n}")
        self.preview = QLabel(objectName=f"thresholdPreview{n}")  # as narrow as its text
        self.hysteresis = QLineEdit(objectName=f"hysteresis{n}")
        self.remove = QPushButton(objectName=f"removeCondition{n}")
        self.remove.setAutoDefault(False)
        # One line a condition: the dialog must fit a small screen with three of them.
        self.hysteresis.setMaximumWidth(70)
        self.threshold.setMinimumWidth(70)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(row_of(self.and_label, self.field, self.op, self.threshold,
                                self.preview, self.hysteresis, self.remove))

    def values(self) -> dict[str, str]:
        return {"field": self.field.currentData(), "op": self.op.currentData(),
                "threshold": self.threshold.text(),
                "hysteresis": self.hysteresis.text().strip()}


class ConditionsBox(QWidget):
    """Up to MAX_CONDITIONS - 1 ConditionRows and the button that adds one."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("conditions")
        self.units = "kmb"
        self.rows: list[ConditionRow] = []
        self.add_button = QPushButton(objectName="addCondition")
        self.add_button.setAutoDefault(False)
        self.add_button.clicked.connect(lambda *_: self.add())
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.addWidget(self.add_button)

    def add(self, condition: Condition | None = None) -> ConditionRow | None:
        """A new row (filled from `condition`), or None when there are enough."""
        if len(self.rows) >= MAX_CONDITIONS - 1:
            return None
        row = ConditionRow(len(self.rows) + 2, self)
        if condition is not None:
            row.field.setCurrentIndex(row.field.findData(condition.field))
            row.op.setCurrentIndex(row.op.findData(condition.op.value))
            row.threshold.setText(value_text(condition.field, condition.threshold, self.units))
            if condition.hysteresis:
                row.hysteresis.setText(value_text(condition.field, condition.hysteresis,
                                                  self.units))
        for signal in (row.field.currentIndexChanged, row.op.currentIndexChanged,
                       row.threshold.textChanged, row.hysteresis.textChanged):
            signal.connect(self._edited)
        row.remove.clicked.connect(lambda *_: self.remove(row))
        self._layout.insertWidget(len(self.rows), row)
        self.rows.append(row)
        self.retranslate()
        self._edited()
        return row

    def remove(self, row: ConditionRow) -> None:
        self.rows.remove(row)
        row.hide()
        row.deleteLater()
        self.retranslate()
        self._edited()

    def load(self, conditions: Sequence[Condition], units: str) -> None:
        self.units = units
        for row in list(self.rows):
            self.remove(row)
        for condition in conditions:
            self.add(condition)

    def values(self) -> list[dict[str, str]]:
        """What each row holds, for make_rule(conditions=...)."""
        return [row.values() for row in self.rows]

    def blank(self) -> int | None:
        """The number (2, 3) of the first condition with no threshold typed yet."""
        return next((n for n, row in enumerate(self.rows, start=2)
                     if not row.threshold.text().strip()), None)

    def set_units(self, units: str) -> None:
        self.units = units
        self._edited()

    def retranslate(self) -> None:
        lang = current_language()
        for row in self.rows:
            row.and_label.setText(self.tr("and"))
            for i, key in enumerate(RULE_KEYS):
                row.field.setItemText(i, field_meta(key).label(lang))
            for i, o in enumerate(OPS):
                row.op.setItemText(i, translate("RuleDialog", OP_LABELS[o]) if o in OP_LABELS
                                   else o.value)
            row.hysteresis.setPlaceholderText(self.tr("band"))
            row.hysteresis.setToolTip(self.tr("After firing, this condition must clear by "
                                              "this much before the rule can fire again"))
            row.remove.setText(self.tr("Remove"))
        self.add_button.setText(self.tr("Add a condition (and)"))
        self.add_button.setToolTip(self.tr("Fire only when every condition holds for the "
                                           "code at the same time"))
        self._edited(announce=False)

    def _edited(self, *_args: object, announce: bool = True) -> None:
        self.add_button.setEnabled(len(self.rows) < MAX_CONDITIONS - 1)
        for row in self.rows:
            field = row.field.currentData()
            row.threshold.setPlaceholderText(
                translate("RuleDialog", PLACEHOLDERS[field_meta(field).kind]))
            row.preview.setText(parsed_text(field, row.threshold.text(), self.units))
        if announce:
            self.changed.emit()
