"""Everything alerts add to the main window, in one place: the rules from the config,
the AlertCenter on the live store's changes, the tray (or banners where no tray
exists), the alert log dock, the Alerts menu, the table's "Alert when …" context menu
and the rule dialogs.

Rules that fail to load stay in the config as they were (rules_to_config writes them
back after the valid ones) and a banner names them. Rules on codes outside the active
watchlist are followed too (`rule_codes_changed`), so such a rule is not silently
dead.
"""

from __future__ import annotations

import datetime as dt
import logging

import numpy as np
from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, QPoint, QSettings, QTimer, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu

from ...core.alert_rules import Rule, RuleProblem, rules_from_config, rules_to_config
from ...core.batch import RecordColumns
from ...core.derived_fields import DERIVED_KEYS
from ...storage.alert_log import AlertLog, alert_log_path
from ...storage.atomic import StorageError
from ..look.i18n import amount_units
from .alert_center import AlertCenter
from .alert_log_dock import AlertLogDock
from .alert_log_model import MAX_ROWS
from .alert_menu import add_alert_actions
from .host import AlertsHost
from .notifiers import choose_notifier
from .rule_dialog import RuleDialog
from .rules_dialog import RulesDialog
from .tray import Tray, TrayState
from .window_stale import WindowStale

log = logging.getLogger("flowdeck.alerts")
KEY_SOUND = "alerts/sound"
KEY_TRAY_HINT = "tray/hintShown"
TICK_MS = 1000  # an expired pause, the rule editors' values now, a tray that appeared
PAUSES = (("pause15mAction", QT_TRANSLATE_NOOP("WindowAlerts", "Pause for 15 minutes"), 900.0),
          ("pause1hAction", QT_TRANSLATE_NOOP("WindowAlerts", "Pause for 1 hour"), 3600.0),
          ("pauseAction", QT_TRANSLATE_NOOP("WindowAlerts", "Pause until resumed"), None))


class WindowAlerts(QObject):
    """Built by MainWindow after its docks; `start()` once the Follower runs. The
    window hands `center.on_arrival` each batch as it arrives (the Follower's urgent
    hook) and follows the codes `rule_codes_changed` names."""

    rule_codes_changed = Signal(list)  # codes named by enabled rules (list[str])

    def __init__(self, window: AlertsHost, settings: QSettings, *, use_tray: bool = True,
                 alert_log: AlertLog | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.settings = settings
        self.rules_dialog: RulesDialog | None = None
        self.rule_dialog: RuleDialog | None = None
        self._pending_alert = False  # fired while the window was not in front
        self.live = False  # the Follower's state is live (the tray's colour)
        self._tick = QTimer(self, interval=TICK_MS, timeout=self.tick)
        rules, self.problems = rules_from_config(window.config.alerts)
        self.use_tray = use_tray
        self.tray: Tray | None = None
        self.dock = AlertLogDock(window, units=self.units())
        self.alert_log = alert_log if alert_log is not None else AlertLog(alert_log_path())
        self.center = AlertCenter(rules, self.watchlists(), self.alert_log,
                                  choose_notifier(self.tray, window.banners, self.sound()),
                                  units=self.units(), parent=self)
        self.center.fired.connect(self._fired)
        self.center.log_failed.connect(
            lambda text: window.banners.show_message("alertlog", text, "error"))
        self.menu_actions: list[tuple[QAction, str]] = []  # (action, untranslated text)
        self.center.log_recovered.connect(self._log_recovered)
        self.center.paused_changed.connect(self._paused_changed)
        self.dock.code_activated.connect(self._select_code)
        self.stale = WindowStale(window, self.center.pipeline.write_log, self.dock, self)
        window.view.context_requested.connect(self.cell_menu)
        self._make_tray()
        if self.problems:
            window.banners.show_message("rules", lambda: self._problem_text(self.problems),
                                        "warning")
        self._load_today()

    def _make_tray(self) -> bool:
        """The tray icon once a tray exists (a panel may start after FlowDeck does);
        alerts then go there instead of to banners."""
        if self.tray is not None or not self.use_tray or not Tray.available():
            return False
        tray = self.tray = Tray(self.window)
        tray.show_hide_requested.connect(self.toggle_window)
        tray.log_requested.connect(self.show_log)
        tray.quit_requested.connect(self.window.quit)
        tray.pause_requested.connect(self.center.pause)
        tray.message_clicked.connect(self.show_window)
        self.center.notifier = choose_notifier(tray, self.window.banners, self.sound())
        return True

    # --- settings ----------------------------------------------------------------------

    def units(self) -> str:
        return amount_units(self.window.config.units, self.window.model.text.lang)

    def sound(self) -> bool:
        return str(self.settings.value(KEY_SOUND, "false")).lower() == "true"

    def set_sound(self, on: bool) -> None:
        self.settings.setValue(KEY_SOUND, "true" if on else "false")
        self.center.notifier = choose_notifier(self.tray, self.window.banners, on)

    def apply_display(self) -> None:
        self.center.pipeline.set_rates(self.window.config.rates)  # [currency] in Settings
        units = self.units()
        self.center.units = units
        self.dock.set_units(units)
        for dialog in self._open_rule_dialogs():
            dialog.set_units(units)
            dialog.set_rates(self.window.config.rates)
        self.dock.set_colors(self.window.config.colors)

    def watchlists(self) -> dict[str, list[str]]:
        w = self.window.watchlists
        return {name: w.codes(name) for name in w.names()}

    # --- running -----------------------------------------------------------------------

    def start(self) -> None:
        self.start_tray()
        self.watchlists_changed()
        self._tick.start()

    def stop(self) -> None:
        self._tick.stop()

    def set_live(self, live: bool) -> None:
        """The Follower's state changed: the tray's icon shows it (an unseen alert's
        stays until seen)."""
        self.live = live
        if self.tray is not None and not self._pending_alert:
            self.tray.set_state(TrayState.CONNECTED if live else TrayState.DISCONNECTED)

    def start_tray(self) -> None:
        if self.tray is not None:
            self.tray.show()
            self.tray.set_window_visible(self.window.isVisible())
            self.tray.set_paused(self.center.paused())

    def watchlists_changed(self) -> None:
        """Scopes follow the lists; codes of rules outside the active list are followed."""
        self.center.set_watchlists(self.watchlists())
        self.rule_codes_changed.emit(self.rule_codes())

    def rule_codes(self) -> list[str]:
        lists = self.watchlists()
        out: list[str] = []
        for rule in self.center.rules:
            if not rule.enabled:
                continue
            if rule.scope_kind == "code":
                out.append(rule.scope_target)
            elif rule.scope_kind == "watchlist":
                out.extend(lists.get(rule.scope_target, ()))
        return list(dict.fromkeys(out))

    def tick(self) -> None:
        """Once a second: an expired pause ends, open rule editors show the values now,
        the tray's state follows the connection and the pause."""
        self.center.paused()  # ends an expired pause
        for dialog in self._open_rule_dialogs():
            dialog.refresh_now()
        if self.tray is None:
            if self._make_tray():
                self.start_tray()
            return
        if self._pending_alert:
            return
        self.tray.set_state(TrayState.CONNECTED if self.live else TrayState.DISCONNECTED)

    def _open_rule_dialogs(self) -> list[RuleDialog | RulesDialog]:
        return [d for d in (self.rule_dialog, self.rules_dialog)
                if d is not None and d.isVisible()]

    def _fired(self, alerts: list) -> None:
        self.dock.add(alerts)
        in_front = self.window.isVisible() and self.window.isActiveWindow()
        if self.tray is not None and not in_front:
            self._pending_alert = True
            self.tray.set_state(TrayState.ALERT)

    def seen(self) -> None:
        """The window was shown or activated: pending alerts are seen."""
        if self._pending_alert:
            self._pending_alert = False
            self.tick()

    def _load_today(self) -> None:
        """Today's alerts into the dock (the newest MAX_ROWS: what it keeps). Whatever
        the file holds, the window starts: lines that cannot be read are skipped and a
        banner counts them."""
        try:
            entries = self.alert_log.read_day(dt.date.today(), limit=MAX_ROWS)
            skipped = self.alert_log.bad_lines + self.dock.add_entries(entries)
        except (StorageError, ValueError, TypeError, RecursionError) as exc:
            log.warning("alert log %s: %s", self.alert_log.path, exc, exc_info=True)
            error = str(exc)
            self.window.banners.show_message(
                "alertlog", lambda: self.tr("The alert log could not be read: {error}")
                .format(error=error), "warning")
            return
        if skipped:
            path = str(self.alert_log.path)
            self.window.banners.show_message(
                "alertlog", lambda: self.tr("{n} line(s) of today's alert log {path} could "
                                            "not be read and were skipped.")
                .format(n=skipped, path=path), "warning")

    def _log_recovered(self) -> None:
        banner = self.window.banners.banner("alertlog")
        if banner is not None:
            banner.dismiss()

    def _paused_changed(self, until: object) -> None:
        if self.tray is not None:
            self.tray.set_paused(until)  # type: ignore[arg-type]
        self.resume_action.setEnabled(until is not False)

    # --- the window --------------------------------------------------------------------

    def hides_on_close(self) -> bool:
        """Closing the window hides it to the tray when there is one."""
        return self.tray is not None and self.tray.is_visible()

    def hidden_to_tray(self) -> None:
        self.tray.set_window_visible(False)  # type: ignore[union-attr]
        if str(self.settings.value(KEY_TRAY_HINT, "false")).lower() != "true":
            self.settings.setValue(KEY_TRAY_HINT, "true")
            self.tray.show_message(  # type: ignore[union-attr]
                self.tr("FlowDeck is still running"),
                self.tr("Alerts keep coming here. Quit from this icon's menu."))

    def toggle_window(self) -> None:
        if self.window.isVisible() and not self.window.isMinimized():
            self.window.hide()
            self.tray.set_window_visible(False)  # type: ignore[union-attr]
        else:
            self.show_window()

    def show_window(self) -> None:
        self.window.bring_to_front()
        if self.tray is not None:
            self.tray.set_window_visible(True)
        self.seen()

    def show_log(self) -> None:
        self.show_window()
        self.dock.show()
        self.dock.raise_()

    def _select_code(self, code: str) -> None:
        if code in self.window.model.table.codes:
            self.window.view.select_codes([code], current=code)
            self.window.show_detail(code)
        else:
            self.window.banners.show_message(
                "alertcode", lambda: self.tr("{code} is not in the active watchlist.")
                .format(code=code), "info")

    # --- menus and dialogs -------------------------------------------------------------

    def build_menu(self, menu: QMenu) -> None:
        menu.setObjectName("alertsMenu")
        # Texts are marked for lupdate here and translated in retranslate().
        manage = QAction(self, objectName="manageRulesAction", triggered=self.open_rules)
        new = QAction(self, objectName="newRuleAction",
                      triggered=lambda: self.new_rule(None, "main_net_inflow", ">"))
        self.menu_actions = [(manage, QT_TRANSLATE_NOOP("WindowAlerts", "&Manage rules…")),
                             (new, QT_TRANSLATE_NOOP("WindowAlerts", "&New rule…"))]
        menu.addAction(manage)
        menu.addAction(new)
        menu.addSeparator()
        for name, text, seconds in PAUSES:
            # Not functools.partial: triggered passes `checked` too.
            action = QAction(self, objectName=name,
                             triggered=lambda _checked=False, s=seconds: self.center.pause(s))
            self.menu_actions.append((action, text))
            menu.addAction(action)
        self.resume_action = QAction(self, objectName="resumeAction",
                                     triggered=self.center.resume, enabled=False)
        menu.addAction(self.resume_action)
        menu.addSeparator()
        sound = QAction(self, objectName="soundAction", checkable=True, checked=self.sound())
        sound.toggled.connect(self.set_sound)
        menu.addAction(sound)
        self.menu_actions += [(self.resume_action,
                               QT_TRANSLATE_NOOP("WindowAlerts", "&Resume alerts")),
                              (sound, QT_TRANSLATE_NOOP("WindowAlerts", "&Sound"))]
        self.retranslate()

    def retranslate(self) -> None:
        """The Alerts menu, the tray and the open rule dialogs in the language spoken
        (the window calls it on LanguageChange; the dock and dialogs also get it)."""
        for action, text in self.menu_actions:
            action.setText(self.tr(text))
        if self.tray is not None:
            self.tray.retranslate()

    def cell_menu(self, code: str, column_key: str, pos: QPoint) -> QMenu:
        menu = QMenu(self.window)
        add_alert_actions(menu, code, column_key, self.new_rule)
        menu.popup(pos)
        return menu

    def new_rule(self, code: str | None, field: str, op: str = ">") -> RuleDialog:
        # Non-modal and never exec(): a nested loop would stall the asyncio tasks.
        dialog = RuleDialog(None, watchlists=self.window.watchlists.names(), code=code,
                            field=field, op=op, units=self.units(), now=self.now_values,
                            rates=self.center.pipeline.rates, parent=self.window)
        dialog.accepted.connect(lambda: self._created(dialog))
        self.rule_dialog = dialog
        dialog.open()
        return dialog

    def now_values(self, scope: str, field: str) -> dict[str, float]:
        """The current value of each shown code a scope covers (the editors' "Now")."""
        kind, _, target = scope.partition(":")
        table = self.window.model.table
        codes = ([target] if kind == "code" else self.watchlists().get(target, [])
                 if kind == "watchlist" else table.codes)
        if field in DERIVED_KEYS:  # a multi-day field: the archive's provider has it
            return self._derived_values(table, codes, field)
        return table.values_of(codes, field)

    def _derived_values(self, table, codes: list[str], field: str) -> dict[str, float]:
        provider = self.center.pipeline.multiday
        rows = [(c, r) for c in codes if (r := table.row_of(c)) is not None]
        if provider is None or not rows:
            return {}
        index = np.asarray([r for _, r in rows], np.intp)
        columns = RecordColumns([c for c, _ in rows], table.values[index],
                                [str(t) for t in table.update_time[index]])
        values = provider.numbers(columns).column(field)
        return {c: float(v) for (c, _), v in zip(rows, values, strict=True)
                if np.isfinite(v)}

    def _created(self, dialog: RuleDialog) -> None:
        rule = dialog.rule()
        if rule is None:
            return
        warning = dialog.already_true()
        if warning:  # the dialog said so; after OK the window says it once more
            self.window.banners.show_message(
                "rulenow", lambda: self.tr("Rule saved. {warning}").format(warning=warning),
                "info")
        if self.rules_dialog is not None and self.rules_dialog.isVisible():
            self.rules_dialog.add_rule(rule)  # it emits rules_changed
        else:
            self.set_rules([*self.center.rules, rule])

    def open_rules(self) -> RulesDialog:
        """The rules manager, on the rules as they are now. A closed one is deleted and
        disconnected: alive, it would answer a language switch with its old rules."""
        if self.rules_dialog is None:
            dialog = RulesDialog(self.center.rules, self.problems,
                                 watchlists=self.window.watchlists.names(),
                                 units=self.units(), now=self.now_values,
                                 rates=self.center.pipeline.rates, parent=self.window)
            dialog.rules_changed.connect(self.set_rules)
            dialog.finished.connect(lambda _result: self._rules_closed(dialog))
            self.rules_dialog = dialog
        self.rules_dialog.show()
        self.rules_dialog.raise_()
        return self.rules_dialog

    def _rules_closed(self, dialog: RulesDialog) -> None:
        dialog.rules_changed.disconnect(self.set_rules)
        dialog.deleteLater()
        if self.rules_dialog is dialog:
            self.rules_dialog = None

    def set_rules(self, rules: list[Rule]) -> None:
        """New rules: evaluated from now on and saved with the config; an open manager
        shows them."""
        self.center.set_rules(rules)
        if self.rules_dialog is not None:
            self.rules_dialog.show_rules(self.center.rules)
        self.window.config.alerts = rules_to_config(rules, self.problems)
        self.window.save_config()
        self.watchlists_changed()

    def _problem_text(self, problems: list[RuleProblem]) -> str:
        first = "; ".join(str(p) for p in problems[:3])
        more = (self.tr(" (and {n} more)").format(n=len(problems) - 3)
                if len(problems) > 3 else "")
        return self.tr("{n} alert rule(s) in the config file could not be loaded and are "
                       "kept there unchanged: {problems}").format(n=len(problems),
                                                                  problems=first + more)

