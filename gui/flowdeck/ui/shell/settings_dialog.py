"""The settings dialog: source URL, units, colours, language, theme, stale time, the
base currency and its rates (currency_settings.py); on a second page the big-trade
thresholds and the tape's caps (tape.tape_settings_page); on a third, given the
window's WindowChannels, the alert channels (channels.channels_page: saved at once).
Non-modal (`open()`, never `exec()`); OK or Apply emits `applied(config)` with a changed
copy of the config, which the window saves and applies.

The source field shows the source that runs. When that is a `--source` override, a
note says so and names the saved one; left as it is, the saved source stays saved (the
override is never written to the file behind the user's back). A source the user types
or picks is saved, and `source_requested(url)` asks the window to run it."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QSpinBox,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from ...core.errors import FlowDeckError
from ...core.redact import redact_source
from ...feeds.registry import check_source
from ...storage.channel_settings import channel_specs
from ...storage.config import COLORS, LANGUAGES, MAX_STALE_AFTER_S, THEMES, UNITS, Config
from ...storage.stale_settings import set_stale_settings, stale_settings
from ...storage.tape_settings import set_tape_settings, tape_settings
from ..alerts.stale_settings import StaleSettingsPage
from ..channels.channels_page import ChannelsPage
from ..channels.window_channels import WindowChannels
from ..look.error_text import error_text
from ..look.theme import tint
from ..tape.tape_settings_page import TapeSettingsPage
from .currency_settings import CurrencySettings

# eastmoney:// is offered, never chosen for the user: it asks East Money's public servers.
SOURCE_PRESETS = ("sim", "sim?speed=20&seed=7", "gateway://127.0.0.1:11111", "eastmoney://")
# Marked for lupdate here, translated when shown (SettingsDialog.retranslate).
UNIT_LABELS = {"auto": QT_TRANSLATE_NOOP("SettingsDialog", "Automatic (by language)"),
               "kmb": "K / M / B",
               # Written 萬 / 億 in Hong Kong (ui.i18n.amount_units).
               "wan": QT_TRANSLATE_NOOP("SettingsDialog", "万 / 亿")}
# One convention for every row unless the user asks for per-market colours (README).
COLOR_LABELS = {"auto": QT_TRANSLATE_NOOP("SettingsDialog", "Automatic (red up in Simplified "
                                                            "Chinese, else green up)"),
                "red-up": QT_TRANSLATE_NOOP("SettingsDialog",
                                            "Red up, green down (mainland China)"),
                "green-up": QT_TRANSLATE_NOOP("SettingsDialog",
                                              "Green up, red down (Hong Kong, US)"),
                "by-market": QT_TRANSLATE_NOOP("SettingsDialog",
                                               "By market (red up for SH/SZ rows only)")}
# Each language names itself, so a user who cannot read the current one still finds
# theirs: only "auto" is translated.
LANGUAGE_LABELS = {"auto": QT_TRANSLATE_NOOP("SettingsDialog", "Automatic (system language)"),
                   "en": "English", "zh_CN": "简体中文", "zh_HK": "繁體中文（香港）"}
THEME_LABELS = {"auto": QT_TRANSLATE_NOOP("SettingsDialog", "Automatic (system)"),
                "light": QT_TRANSLATE_NOOP("SettingsDialog", "Light"),
                "dark": QT_TRANSLATE_NOOP("SettingsDialog", "Dark")}
SOURCE_TEXT_ROLE = Qt.ItemDataRole.UserRole + 1  # a combo item's untranslated text
_TRANSLATED = (UNIT_LABELS["auto"], UNIT_LABELS["wan"], *COLOR_LABELS.values(),
               LANGUAGE_LABELS["auto"], *THEME_LABELS.values())


class SettingsDialog(QDialog):
    applied = Signal(object)  # a Config
    source_requested = Signal(str)  # a source the user chose, unlike the one that runs

    def __init__(self, config: Config, config_file: Path | None = None,
                 parent: QWidget | None = None,
                 channels: WindowChannels | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("settingsDialog")
        self.setModal(False)
        self._config = config
        self._config_file = config_file
        self._running = config.source_url  # what runs; an override when not the saved one
        self.source = QComboBox(objectName="sourceEdit", editable=True)
        self.source.addItems(SOURCE_PRESETS)
        self.source.setMinimumWidth(320)
        self.source_error = QLabel(objectName="sourceError", wordWrap=True)
        tint(self.source_error, "error")
        self.source_note = QLabel(objectName="sourceNote", wordWrap=True)
        self.source_note.setTextFormat(Qt.TextFormat.PlainText)
        tint(self.source_note, "dim")
        self.units = self._combo("unitsCombo", UNITS, UNIT_LABELS)
        self.colors = self._combo("colorsCombo", COLORS, COLOR_LABELS)
        self.language = self._combo("languageCombo", LANGUAGES, LANGUAGE_LABELS)
        self.theme = self._combo("themeCombo", THEMES, THEME_LABELS)
        self.stale = QSpinBox(objectName="staleSpin", suffix=" s")
        self.stale.setRange(1, MAX_STALE_AFTER_S)
        self.currency = CurrencySettings()
        self.labels = {name: QLabel() for name in ("source", "units", "colors", "language",
                                                   "theme", "stale", "currency")}
        form = QFormLayout()
        form.addRow(self.labels["source"], self.source)
        form.addRow("", self.source_note)
        form.addRow("", self.source_error)
        form.addRow(self.labels["units"], self.units)
        form.addRow(self.labels["colors"], self.colors)
        form.addRow(self.labels["language"], self.language)
        form.addRow(self.labels["theme"], self.theme)
        form.addRow(self.labels["stale"], self.stale)
        form.addRow(self.labels["currency"], self.currency)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Apply
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.setObjectName("settingsButtons")
        buttons.accepted.connect(self._ok)
        buttons.rejected.connect(self.reject)
        buttons.button(QDialogButtonBox.StandardButton.Apply).clicked.connect(self.apply)
        self._source_problem: FlowDeckError | None = None
        self.source.currentTextChanged.connect(lambda _: self._clear_source_problem())
        self.tape = TapeSettingsPage()
        self.pages = QTabWidget(objectName="settingsPages", documentMode=True)
        general = QWidget()
        general.setLayout(form)
        self.pages.addTab(general, "")
        self.pages.addTab(self.tape, "")
        self.channels = ChannelsPage(channels) if channels is not None else None
        if self.channels is not None:
            self.pages.addTab(self.channels, "")
        self.stale_alerts = StaleSettingsPage()  # data-stale alerts: [stale]
        self.pages.addTab(self.stale_alerts, "")
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        self.where: QLabel | None = None
        if config_file is not None:
            self.where = QLabel(objectName="settingsFile", wordWrap=True)
            tint(self.where, "dim")
            layout.addWidget(self.where)
        layout.addWidget(buttons)
        self.retranslate()
        self.load(config)

    def retranslate(self) -> None:
        self.setWindowTitle(self.tr("FlowDeck settings"))
        self.pages.setTabText(0, self.tr("General"))
        self.pages.setTabText(1, self.tr("Big trades"))
        if self.channels is not None:
            self.pages.setTabText(2, self.tr("Channels"))
        self.pages.setTabText(self.pages.indexOf(self.stale_alerts), self.tr("Stale data"))
        self.source.setToolTip(self.tr("sim, sim?speed=20&seed=7, gateway://host:port"
                                       "[?token=T], futu://host:port (Futu OpenD), "
                                       "eastmoney:// (East Money's public A-share numbers, "
                                       "no account)"))
        self.stale.setSuffix(self.tr(" s"))
        self.stale.setToolTip(self.tr("A row of an open market with no update for this "
                                      "long is shown as stale"))
        for name, text in (("source", self.tr("Source")), ("units", self.tr("Number units")),
                           ("colors", self.tr("Colours")), ("language", self.tr("Language")),
                           ("theme", self.tr("Theme")), ("stale", self.tr("Stale after")),
                           ("currency", self.tr("Base currency"))):
            self.labels[name].setText(text)
        self.currency.retranslate()
        for combo in (self.units, self.colors, self.language, self.theme):
            for i in range(combo.count()):
                source = combo.itemData(i, SOURCE_TEXT_ROLE)
                combo.setItemText(i, self.tr(source) if source in _TRANSLATED else source)
        if self.where is not None:
            self.where.setText(self.tr("Saved in {path}").format(path=self._config_file))
        self._show_source_note()
        self._show_source_problem()

    def _show_source_problem(self) -> None:
        """The source check's error in the language spoken, wrapped whole: the dialog
        grows to the label's wrapped height rather than cutting the sentence off."""
        problem = self._source_problem
        self.source_error.setText(error_text(problem) if problem is not None else "")
        self.source_error.setVisible(problem is not None)
        if problem is not None and self.layout() is not None:
            self.layout().activate()
            needed = max(self.heightForWidth(self.width()), self.sizeHint().height())
            if self.height() < needed:
                self.resize(self.width(), needed)

    def _clear_source_problem(self) -> None:
        self._source_problem = None
        self.source_error.clear()
        self.source_error.hide()

    def _show_source_note(self) -> None:
        override = self._running != self._config.source_url
        self.source_note.setVisible(override)
        # Shown only (the box above edits the real URL): no token in a screenshot.
        self.source_note.setText(self.tr("Running: {running} (--source override; saved: "
                                         "{saved})").format(
            running=redact_source(self._running),
            saved=redact_source(self._config.source_url)) if override else "")

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    @staticmethod
    def _combo(name: str, values: tuple[str, ...], labels: dict[str, str]) -> QComboBox:
        combo = QComboBox(objectName=name)
        for i, value in enumerate(values):
            combo.addItem(labels.get(value, value), value)
            combo.setItemData(i, labels.get(value, value), SOURCE_TEXT_ROLE)
        return combo

    def load(self, config: Config, running: str | None = None) -> None:
        """Show `config`'s values, and `running`, the source that runs when it is not the
        saved one (a --source override)."""
        self._config = config
        self._running = running or config.source_url
        self.source.setCurrentText(self._running)
        self._show_source_note()
        self.units.setCurrentIndex(max(0, self.units.findData(config.units)))
        self.colors.setCurrentIndex(max(0, self.colors.findData(config.colors)))
        self.language.setCurrentIndex(max(0, self.language.findData(config.language)))
        self.theme.setCurrentIndex(max(0, self.theme.findData(config.theme)))
        self.stale.setValue(round(float(config.stale_after_s)))
        self.currency.load(config.rates)
        self.tape.load(tape_settings(config)[0])
        self.stale_alerts.load(stale_settings(config)[0],
                               [spec.name for spec in channel_specs(config)[0]])
        self._clear_source_problem()

    def edited(self) -> Config:
        """A copy of the config with the dialog's values; FlowDeckError on a bad source."""
        url = check_source(self.source.currentText())
        if url == self._running:
            url = self._config.source_url  # untouched: an override is not saved
        stale: int | float = self.stale.value()
        if round(float(self._config.stale_after_s)) == stale:
            stale = self._config.stale_after_s  # keep 2.5 as 2.5 when untouched
        config = dataclasses.replace(self._config, source_url=url,
                                     units=self.units.currentData(),
                                     colors=self.colors.currentData(),
                                     language=self.language.currentData(),
                                     theme=self.theme.currentData(), stale_after_s=stale,
                                     rates=self.currency.rates(),
                                     extra=copy.deepcopy(self._config.extra))
        tape = self.tape.settings()
        if tape != tape_settings(self._config)[0]:  # untouched: [tape] stays as written
            set_tape_settings(config, tape)
        alerts = self.stale_alerts.settings()
        if alerts != stale_settings(self._config)[0]:  # untouched: [stale] as written
            set_stale_settings(config, alerts)
        return config

    def apply(self) -> bool:
        if not self.currency.valid():  # it says what is wrong beside the rate
            return False
        if not self.tape.valid():  # it says what is wrong under the boxes
            self.pages.setCurrentWidget(self.tape)
            return False
        try:
            config = self.edited()
        except FlowDeckError as exc:
            self._source_problem = exc
            self._show_source_problem()
            return False
        chosen = self.source.currentText().strip()
        if chosen != self._running:  # the user chose a source: it runs from now on
            self._running = chosen
            self.source_requested.emit(chosen)
        self._config = config
        self._show_source_note()
        self.applied.emit(config)
        return True

    def _ok(self) -> None:
        if self.apply():
            self.accept()
