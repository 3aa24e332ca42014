"""The alert-rule editor: one rule's scope, field, condition, re-arm band, up to two more
conditions combined by AND (rule_conditions_box.py), cooldown, once a day, expiry, the
channels it goes to (rule_delivery_box.py), note; or, of the kind "One big trade", its
scope, side and least value (core/trade_alerts.py).

Every edit re-checks the whole rule with the core's own `make_rule`, so the dialog can
never accept what the config loader would refuse; the first problem, read top to bottom,
is shown in the core's words and OK stays disabled until there is none. The line edits
keep whatever the trader typed ("5000万" stays "5000万"); the parsed value is shown beside
them instead. Open it with open(): a modal exec() inside a qasync task stalls the feed.

Given `now` (the current values of the codes a scope covers), it shows them and warns
when the condition is already true: a rule fires when its condition becomes true, so
such a rule stays silent until the value clears and comes back.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QStandardItemModel
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QSpinBox,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.alert_rules import (
    DEFAULT_COOLDOWN_S,
    OPS,
    Rule,
    make_rule,
    make_trade_rule,
    parse_field,
    parse_op,
    parse_scope,
)
from ...core.currency import Rates
from ...core.derived_fields import CHANGE_KEY, RULE_KEYS, TRADE_KEY, field_meta
from ...core.errors import FlowDeckError
from ..look.i18n import current_language
from ..look.theme import tint
from .market_thresholds import MarketThresholds
from .rule_conditions_box import ConditionsBox
from .rule_delivery_box import DeliveryBox, window_channel_names
from .rule_fields import (
    HINTS,
    OP_LABELS,
    PLACEHOLDERS,
    RULE_KINDS,
    SCOPE_KINDS,
    TRADE_SIDES,
    grow_to_fit,
    parsed_text,
    preview_label,
    row_of,
    value_text,
)
from .rule_now_text import NowValues, now_and_warning

MAX_COOLDOWN_S = 86_400


class RuleDialog(QDialog):
    """Create or edit one alert rule, with validation as you type."""

    def __init__(self, rule: Rule | None = None, *, watchlists: Sequence[str] = (),
                 code: str | None = None, field: str | None = None, op: str = ">",
                 threshold: str = "", units: str = "kmb", now: NowValues | None = None,
                 rates: Rates | None = None, channels: Sequence[str] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("ruleDialog")
        self._editing = rule is not None
        self._units = units
        self._now = now
        self._warning = ""
        self._rule: Rule | None = None
        self._error = ""
        self._kept_cooldown: float | None = None
        self._rates = rates  # the settings' (thresholds in one currency, "already true")
        # The channels to offer: the caller's, else those of the window it opens on.
        self._build(list(watchlists), list(channels if channels is not None
                                           else window_channel_names(parent) or []))
        if rule is not None:
            self._load(rule)
        else:
            # One loader for both: a placeholder rule (unchecked, no threshold) carries the
            # prefill; an unknown field or op is the caller's bug and raises FlowDeckError.
            # field "trade": a trade rule (on either side until chosen).
            trade = field == TRADE_KEY
            self._load(Rule(f"code:{code}" if code else "all", TRADE_KEY if trade else
                            parse_field(field or "main_net_inflow"), parse_op(op), math.nan,
                            side="either" if trade else ""), threshold_text=threshold)
        self._connect()
        self.retranslate()

    def retranslate(self) -> None:
        """Every text in the language spoken (the checks run again for the hint and the
        message)."""
        self.setWindowTitle(self.tr("Edit alert") if self._editing else self.tr("New alert"))
        for combo, items in ((self.scope_kind, SCOPE_KINDS), (self.kind, RULE_KINDS),
                             (self.side, TRADE_SIDES)):
            for i, (_key, label) in enumerate(items):
                combo.setItemText(i, self.tr(label))
        lang = current_language()
        for i, key in enumerate(RULE_KEYS):
            self.field.setItemText(i, field_meta(key).label(lang))
        for i, o in enumerate(OPS):
            self.op.setItemText(i, self.tr(OP_LABELS[o]) if o in OP_LABELS else o.value)
        self.scope_code.setPlaceholderText(self.tr("e.g. HK.00700"))
        self.everything.setText(self.tr("every code the table shows"))
        self.hysteresis.setToolTip(self.tr("After firing, the value must move back past the "
                                           "threshold by this much before the rule can fire "
                                           "again"))
        self.cooldown.setSuffix(self.tr(" s"))
        self.cooldown.setToolTip(self.tr("The least time between two alerts of this rule for "
                                         "a code"))
        self.enabled.setText(self.tr("Enabled"))
        self.note.setPlaceholderText(self.tr("shown with the alert"))
        for name, text in (("kind", self.tr("Fires on")), ("side", self.tr("Side")),
                           ("scope", self.tr("Applies to")), ("field", self.tr("Field")),
                           ("markets", self.tr("Per market")),
                           ("hysteresis", self.tr("Hysteresis")),
                           ("cooldown", self.tr("Cooldown")), ("note", self.tr("Note"))):
            self.labels[name].setText(text)
        self.labels["conditions"].setText(self.tr("Also"))
        self.labels["delivery"].setText(self.tr("Send"))
        self.markets.retranslate()
        self.conditions.retranslate()
        self.delivery.retranslate()
        self._validate()

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange and hasattr(self, "labels"):
            self.retranslate()
        super().changeEvent(event)

    # -- widgets -------------------------------------------------------------------------

    def _build(self, watchlists: list[str], channels: list[str]) -> None:
        self.kind = QComboBox(objectName="kind")
        self.side = QComboBox(objectName="side")
        for combo, items in ((self.kind, RULE_KINDS), (self.side, TRADE_SIDES)):
            for key, label in items:
                combo.addItem(label, key)
        self.scope_kind = QComboBox(objectName="scopeKind")
        for kind, label in SCOPE_KINDS:
            self.scope_kind.addItem(label, kind)
        self.scope_code = QLineEdit(objectName="scopeCode")
        self.scope_code.setClearButtonEnabled(True)
        self.scope_watchlist = QComboBox(objectName="scopeWatchlist")
        self.scope_watchlist.addItems(watchlists)
        if not watchlists:  # nothing to pick: the kind is offered greyed out
            model = self.scope_kind.model()
            assert isinstance(model, QStandardItemModel)
            model.item(1).setEnabled(False)
        self.scope_target = QStackedWidget(objectName="scopeTarget")
        self.scope_target.addWidget(self.scope_code)
        self.scope_target.addWidget(self.scope_watchlist)
        self.everything = QLabel()
        self.scope_target.addWidget(self.everything)

        self.field = QComboBox(objectName="field")
        for key in RULE_KEYS:  # the record's 12, then the multi-day ones
            self.field.addItem(field_meta(key).label_en, key)
        self.op = QComboBox(objectName="op")
        for o in OPS:
            self.op.addItem(OP_LABELS.get(o, o.value), o.value)
        self.threshold = QLineEdit(objectName="threshold")
        self.threshold_preview = preview_label("thresholdPreview")
        self.threshold_hint = QLabel(objectName="thresholdHint", wordWrap=True)
        tint(self.threshold_hint, "dim")
        self.markets = MarketThresholds(self._rates)
        self.now_label = QLabel(objectName="nowValue", wordWrap=True)
        self.now_label.setTextFormat(Qt.TextFormat.PlainText)
        self.now_label.hide()
        self.hysteresis = QLineEdit(objectName="hysteresis", placeholderText="0")
        self.hysteresis_preview = preview_label("hysteresisPreview")
        self.cooldown = QSpinBox(objectName="cooldown")
        self.cooldown.setRange(0, MAX_COOLDOWN_S)
        self.conditions = ConditionsBox()
        self.delivery = DeliveryBox(channels)
        self.enabled = QCheckBox(objectName="enabled")
        self.note = QLineEdit(objectName="note")
        self.error_label = QLabel(objectName="error", wordWrap=True)
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)
        self.error_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                        | QDialogButtonBox.StandardButton.Cancel,
                                        objectName="ruleButtons")
        self.ok_button = self.buttons.button(QDialogButtonBox.StandardButton.Ok)

        self.labels = {name: QLabel() for name in (
            "kind", "scope", "field", "side", "condition", "markets", "hysteresis",
            "cooldown", "note", "conditions", "delivery")}
        self.form = form = QFormLayout()
        form.addRow(self.labels["kind"], self.kind)
        form.addRow(self.labels["scope"], row_of(self.scope_kind, self.scope_target, stretch=1))
        form.addRow(self.labels["field"], self.field)
        form.addRow(self.labels["side"], self.side)
        form.addRow(self.labels["condition"],
                    row_of(self.op, self.threshold, self.threshold_preview))
        form.addRow("", self.threshold_hint)
        form.addRow(self.labels["markets"], self.markets)
        form.addRow("", self.now_label)
        self.hysteresis_row = row_of(self.hysteresis, self.hysteresis_preview)
        form.addRow(self.labels["hysteresis"], self.hysteresis_row)
        form.addRow(self.labels["conditions"], self.conditions)
        form.addRow(self.labels["cooldown"], self.cooldown)
        form.addRow(self.labels["delivery"], self.delivery)
        form.addRow("", self.enabled)
        form.addRow(self.labels["note"], self.note)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.error_label)
        layout.addStretch(1)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(460)

    def _connect(self) -> None:
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        for combo in (self.kind, self.side, self.scope_kind, self.field):
            combo.currentIndexChanged.connect(self._validate)
        self.op.currentIndexChanged.connect(self._validate)
        self.scope_watchlist.currentIndexChanged.connect(self._validate)
        self.cooldown.valueChanged.connect(self._validate)
        self.enabled.toggled.connect(self._validate)
        self.markets.changed.connect(self._validate)
        self.conditions.changed.connect(self._validate)
        self.delivery.changed.connect(self._validate)
        for edit in (self.scope_code, self.threshold, self.hysteresis, self.note):
            edit.textChanged.connect(self._validate)

    def _load(self, rule: Rule, threshold_text: str | None = None) -> None:
        kind, target = rule.scope_kind, rule.scope_target
        self.scope_kind.setCurrentIndex(self.scope_kind.findData(kind))
        if kind == "code":
            self.scope_code.setText(target)
        elif kind == "watchlist":
            if self.scope_watchlist.findText(target) < 0:  # keep a list not offered
                self.scope_watchlist.addItem(target)
            self.scope_watchlist.setCurrentText(target)
        self.kind.setCurrentIndex(self.kind.findData("trade" if rule.is_trade else "value"))
        if rule.is_trade:
            self.side.setCurrentIndex(self.side.findData(rule.side))
        else:
            self.field.setCurrentIndex(self.field.findData(rule.field))
        self.op.setCurrentIndex(self.op.findData(rule.op.value))
        if threshold_text is None:
            threshold_text = value_text(rule.field, rule.threshold, self._units)
        self.threshold.setText(threshold_text)
        self.markets.load({k: value_text(rule.field, v, self._units) for k, v in rule.thresholds},
                          rule.currency)
        if rule.hysteresis:
            self.hysteresis.setText(value_text(rule.field, rule.hysteresis, self._units))
        cooldown = rule.cooldown_s if math.isfinite(rule.cooldown_s) else DEFAULT_COOLDOWN_S
        self.cooldown.setMaximum(max(MAX_COOLDOWN_S, math.ceil(cooldown)))
        self.cooldown.setValue(round(cooldown))
        if cooldown != round(cooldown):
            self._kept_cooldown = cooldown  # 2.5 s stays 2.5 s unless changed
        self.enabled.setChecked(rule.enabled)
        self.note.setText(rule.note)
        self.conditions.load(rule.and_conditions, self._units)
        self.delivery.load(rule)

    # -- checking ------------------------------------------------------------------------

    def rule(self) -> Rule | None:
        """The checked rule built from the widgets (None while invalid)."""
        return self._rule

    def error(self) -> str:
        """The current validation message ('' when valid)."""
        return self._error

    def already_true(self) -> str:
        """The warning that the condition is already true now ('' when it is not)."""
        return self._warning

    def set_units(self, units: str) -> None:
        """The window's units changed (a setting or the language): previews follow."""
        self._units = units
        self.conditions.set_units(units)
        self._validate()

    def set_rates(self, rates: Rates | None) -> None:
        """The settings' rates changed: the missing-rate mark and "already true" follow."""
        self._rates = rates
        self.markets.set_rates(rates)
        self._validate()

    def refresh_now(self) -> None:
        """Show the current values again (the caller calls it as data arrives)."""
        self._show_now()

    def accept(self) -> None:
        if self._rule is not None:  # Enter or a caller may accept with OK disabled
            super().accept()

    def _scope(self) -> str:
        kind = self.scope_kind.currentData()
        if kind == "code":
            return f"code:{self.scope_code.text().strip()}"
        if kind == "watchlist":
            return f"watchlist:{self.scope_watchlist.currentText()}"
        return "all"

    def _cooldown_s(self) -> float:
        value = self.cooldown.value()
        kept = self._kept_cooldown
        return kept if kept is not None and round(kept) == value else float(value)

    def _problem(self) -> tuple[str, bool]:
        """The first problem and whether it is only something not typed yet."""
        kind = self.scope_kind.currentData()
        field = self._field()
        if kind == "code" and not self.scope_code.text().strip():
            return self.tr("Type a stock code, e.g. HK.00700."), True
        if kind == "watchlist" and not self.scope_watchlist.currentText():
            return self.tr("There is no watchlist to choose; create one first."), False
        try:
            parse_scope(self._scope())  # before make_rule, which checks the scope last
            if not self.threshold.text().strip():
                return self.tr("Type a threshold. {hint}.").format(
                    hint=self.tr(HINTS[self._value_kind()])), True
            if field == TRADE_KEY:
                self._rule = make_trade_rule(
                    self._scope(), self.threshold.text(), self.side.currentData(),
                    self._cooldown_s(), self.enabled.isChecked(), self.note.text(),
                    **self.delivery.values())
                return "", False
            blank = self.conditions.blank()
            if blank is not None:
                return self.tr("Type the threshold of condition {n}.").format(n=blank), True
            self._rule = make_rule(self._scope(), field, self.op.currentData(),
                                   self.threshold.text(), self.hysteresis.text().strip(),
                                   self._cooldown_s(), self.enabled.isChecked(),
                                   self.note.text(), self.markets.thresholds(),
                                   self.markets.chosen_currency(),
                                   conditions=self.conditions.values(),
                                   **self.delivery.values())
        except FlowDeckError as exc:
            return exc.message, False
        return "", False

    def _validate(self) -> None:
        self._rule = None
        self._error, blank = self._problem()
        self.scope_target.setCurrentIndex(self.scope_kind.currentIndex())
        field = self._field()
        kind, trade = self._value_kind(), field == TRADE_KEY
        for widget, shown in ((self.field, not trade), (self.side, trade),
                              (self.markets, not trade), (self.hysteresis_row, not trade),
                              (self.conditions, not trade)):
            self.form.setRowVisible(widget, shown)
        self.op.setVisible(not trade)   # a trade's value is at least its threshold
        self.labels["condition"].setText(self.tr("At least") if trade else self.tr("Condition"))
        self.markets.set_amount(kind == "net")
        self.threshold_hint.setText(self.markets.hint() or self.tr(HINTS[kind]))
        self.threshold.setPlaceholderText(self.tr(PLACEHOLDERS[kind]))
        self.threshold_preview.setText(parsed_text(field, self.threshold.text(), self._units))
        self.hysteresis_preview.setText(parsed_text(field, self.hysteresis.text(), self._units))
        self.error_label.setText(self._error)
        tint(self.error_label, "dim" if blank else "error")
        self.ok_button.setEnabled(self._rule is not None)
        self._show_now()
        grow_to_fit(self)

    def _show_now(self) -> None:
        field = self._field()
        if self._now is None or field in (TRADE_KEY, CHANGE_KEY):  # no value the table has
            self._warning = ""
            self.now_label.hide()
            return
        text, self._warning = now_and_warning(self._now, self._scope(), field, self._rule,
                                              self._units, self._rates)
        self.now_label.setText(" ".join(t for t in (text, self._warning) if t))
        tint(self.now_label, "warning" if self._warning else "dim")
        self.now_label.setVisible(bool(text or self._warning))

    def _field(self) -> str:
        return TRADE_KEY if self.kind.currentData() == "trade" else self.field.currentData()

    def _value_kind(self) -> str:
        """HINTS' and PLACEHOLDERS' key: the field's kind of value, or "trade"."""
        field = self._field()
        return "trade" if field == TRADE_KEY else field_meta(field).kind
