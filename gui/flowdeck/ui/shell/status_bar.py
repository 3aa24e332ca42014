"""The status bar: source and its state, each market's state, the exchange time of the
last update, updates per second, a SIMULATED badge on synthetic data, and beside it
a badge naming another convention's numbers ("East Money numbers": README, East Money).

Its texts give way (elided, whole in their tooltips) rather than widen the window: the
status bar alone once made the window at least 1056 px wide."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QT_TRANSLATE_NOOP, QEvent, Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from ...core.batch import MarketStatus
from ...core.codes import Market
from ...core.errors import FlowDeckError
from ...core.markets import MarketState, market_of
from ..look.elided_label import ElidedLabel
from ..look.theme import Theme, follow_theme
from ..table.cell_format import with_zone, zone_at

#: The theme's message colour (Theme.role) of each connection state.
STATE_ROLES = {"connecting": "warning", "live": "ok", "reconnecting": "warning",
               "error": "error", "stopped": "dim"}
_MARKET_MARKS = {MarketState.OPEN: QT_TRANSLATE_NOOP("StatusBar", "open"),
                 MarketState.PRE_OPEN: QT_TRANSLATE_NOOP("StatusBar", "pre-open"),
                 MarketState.LUNCH_BREAK: QT_TRANSLATE_NOOP("StatusBar", "lunch"),
                 MarketState.CLOSED: QT_TRANSLATE_NOOP("StatusBar", "closed")}
_STATE_WORDS = {"connecting": QT_TRANSLATE_NOOP("StatusBar", "connecting"),
                "live": QT_TRANSLATE_NOOP("StatusBar", "live"),
                "reconnecting": QT_TRANSLATE_NOOP("StatusBar", "reconnecting"),
                "error": QT_TRANSLATE_NOOP("StatusBar", "error"),
                "stopped": QT_TRANSLATE_NOOP("StatusBar", "stopped")}
# Sources whose numbers follow a convention not FlowDeck's: origin -> (badge, tooltip).
CONVENTIONS = {"eastmoney": (
    QT_TRANSLATE_NOOP("StatusBar", "East Money numbers"),
    QT_TRANSLATE_NOOP("StatusBar", "East Money's own published numbers: they size both sides "
                                   "of every trade, so the tiers' net inflows sum to zero. "
                                   "Not comparable with FlowDeck's or Futu's numbers."))}
DETAIL_MAX_PX = 360
STATE_MIN_PX = 80  # the state word stays; a long detail may be cut (its tooltip has it)
BADGE_STYLE = ("QLabel {{ background: {background}; color: {text}; font-weight: bold;"
               " padding: 1px 8px; border-radius: 3px; }}")


class StatusBar(QStatusBar):
    """What the live core reports (follow_status.py: `set_source`, `set_state`, `set_markets`,
    `set_last_update`, `set_rate`) in labels with stable objectNames."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.badge = QLabel(objectName="simulatedBadge")
        self.badge.hide()
        self.convention = QLabel(objectName="conventionBadge")
        self.convention.hide()
        self.origin = ""
        self.source = ElidedLabel(objectName="sourceLabel")
        self.state = QLabel(objectName="stateLabel")  # rich text: cut, not elided
        self.state.setMinimumWidth(STATE_MIN_PX)
        self.markets = ElidedLabel(objectName="marketsLabel")
        self.last_update = ElidedLabel(objectName="lastUpdateLabel")
        self.rate = QLabel(objectName="rateLabel")
        self.freshness = QLabel(objectName="freshnessLabel")
        self.freshness.hide()
        for label in (self.badge, self.convention, self.source, self.state):
            self.addWidget(label)
        # Stretch shares out what is left; the markets first, they say the most.
        for label, stretch in ((self.markets, 3), (self.last_update, 1),
                               (self.freshness, 0), (self.rate, 0)):
            self.addPermanentWidget(label, stretch)
        self.state_name = ""
        # What was last shown, to show it again in another language.
        self._shown: dict[str, tuple] = {}
        self._theme: Theme | None = None
        follow_theme(self, self.set_theme)
        self.set_rate(0.0)
        self.retranslate()

    def changeEvent(self, event: QEvent) -> None:  # Qt calls it
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        self.badge.setText(self.tr("SIMULATED"))
        self.badge.setToolTip(self.tr("Synthetic data from the built-in market simulator"))
        badge, tip = CONVENTIONS.get(self.origin, ("", ""))
        self.convention.setText(self.tr(badge) if badge else "")
        self.convention.setToolTip(self.tr(tip) if tip else "")
        for name, args in list(self._shown.items()):
            getattr(self, name)(*args)

    def set_theme(self, theme: Theme) -> None:
        self._theme = theme
        for badge in (self.badge, self.convention):
            badge.setStyleSheet(BADGE_STYLE.format(background=theme.badge_background,
                                                   text=theme.badge_text))
        if "set_state" in self._shown:  # the state's colour is in its rich text
            self.set_state(*self._shown["set_state"])

    def set_source(self, name: str, simulated: bool, origin: str = "") -> None:
        """`origin`: whose numbers (feeds/origin.py); one in CONVENTIONS is labelled."""
        self._shown["set_source"] = (name, simulated, origin)
        self.source.setText(self.tr("Source: {name}").format(name=name))
        self.badge.setVisible(simulated)
        if origin != self.origin:
            self.origin = origin
            self.retranslate()
        self.convention.setVisible(origin in CONVENTIONS)

    def set_state(self, state: str, detail: str = "") -> None:
        """connecting | live | reconnecting | error | stopped, with a detail such as the
        error and the time of the next retry."""
        self._shown["set_state"] = (state, detail)
        self.state_name = state
        theme = self._theme
        colour = (theme.role(STATE_ROLES.get(state, "dim")) or theme.dim) if theme else ""
        # The words shown; state_name and the colour keep the key.
        state = self.tr(_STATE_WORDS[state]) if state in _STATE_WORDS else state
        text = f"<b style='color:{colour}'>{state}</b>"
        if detail:
            # Long errors are cut to keep the market states in view; the tooltip and
            # the log have them whole.
            shown = self.state.fontMetrics().elidedText(
                detail, Qt.TextElideMode.ElideRight, DETAIL_MAX_PX)
            text += f" — {_escape(shown)}"
        self.state.setText(text)
        self.state.setToolTip(detail)

    def set_markets(self, markets: Mapping[str, MarketStatus]) -> None:
        self._shown["set_markets"] = (dict(markets),)
        parts = []
        for name, status in markets.items():
            clock = status.local_time[11:16] if len(status.local_time) >= 16 else ""
            if clock and name in Market.__members__:
                clock = f"{clock} {zone_at(Market[name], status.local_time)}"
            mark = _MARKET_MARKS.get(status.state)
            mark = self.tr(mark) if mark is not None else str(status.state)
            parts.append(f"{name} {mark} {clock}".rstrip())
        self.markets.setText("  ·  ".join(parts))

    def set_last_update(self, code: str, update_time: str) -> None:
        """The exchange time of the latest record applied, and whose it was."""
        self._shown["set_last_update"] = (code, update_time)
        try:
            market = market_of(code)
        except FlowDeckError:  # a code the feed invented: show its time without a zone
            market = None
        shown = update_time[11:] or update_time
        if market is not None and len(update_time) >= 19:
            shown = f"{shown} {zone_at(market, update_time)}"
        self.last_update.setText(self.tr("Last: {time} ({code})").format(
            time=shown, code=code))
        self.last_update.setToolTip(self.tr("{code} {time} (exchange time)").format(
            code=code, time=with_zone(market, update_time) if market else update_time))

    def set_freshness(self, ages: Mapping[str, float | None] | None) -> None:
        """For polled sources (Futu): how old each row's data is. None hides it."""
        if ages is None:
            self._shown.pop("set_freshness", None)
            self.freshness.hide()
            return
        self._shown["set_freshness"] = (dict(ages),)
        known = sorted(((a, c) for c, a in ages.items() if a is not None), reverse=True)
        waiting = [c for c, a in ages.items() if a is None]
        if known:
            oldest = known[0][0]
            median = known[len(known) // 2][0]
            text = self.tr("Fresh: oldest {oldest} s · median {median} s").format(
                oldest=f"{oldest:.0f}", median=f"{median:.0f}")
        else:
            text = self.tr("Fresh: waiting")
        if waiting:
            text += self.tr(" · {n} waiting").format(n=len(waiting))
        self.freshness.setText(text)
        lines = [self.tr("{code}: {seconds} s ago").format(code=c, seconds=f"{a:.0f}")
                 for a, c in known[:15]]
        lines += [self.tr("{code}: not yet").format(code=c) for c in waiting[:5]]
        self.freshness.setToolTip(
            self.tr("Seconds since each row was refreshed (the source's request quota sets "
                    "the pace), oldest first:") + "\n" + "\n".join(lines))
        self.freshness.show()

    def set_rate(self, per_second: float) -> None:
        self._shown["set_rate"] = (per_second,)
        self.rate.setText(self.tr("{n} upd/s").format(n=f"{per_second:,.0f}"))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
