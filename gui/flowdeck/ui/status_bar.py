"""The status bar: source and its state, each market's state, the exchange time of the
last update, updates per second, and a SIMULATED badge on synthetic data."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QStatusBar, QWidget

from ..core.batch import MarketStatus
from ..core.markets import MarketState

STATE_COLOURS = {"connecting": "#b58900", "live": "#2e8b57", "reconnecting": "#cb4b16",
                 "error": "#dc322f", "stopped": "#808080"}
_MARKET_MARKS = {MarketState.OPEN: "open", MarketState.PRE_OPEN: "pre-open",
                 MarketState.LUNCH_BREAK: "lunch", MarketState.CLOSED: "closed"}
DETAIL_MAX_PX = 360
BADGE_STYLE = ("QLabel { background: #c62828; color: white; font-weight: bold;"
               " padding: 1px 8px; border-radius: 3px; }")


class StatusBar(QStatusBar):
    """What the controller reports (`set_source`, `set_state`, `set_markets`,
    `set_last_update`, `set_rate`) in labels with stable objectNames."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("statusBar")
        self.badge = QLabel("SIMULATED", objectName="simulatedBadge")
        self.badge.setStyleSheet(BADGE_STYLE)
        self.badge.setToolTip("Synthetic data from the built-in market simulator")
        self.badge.hide()
        self.source = QLabel(objectName="sourceLabel")
        self.state = QLabel(objectName="stateLabel")
        self.markets = QLabel(objectName="marketsLabel")
        self.last_update = QLabel(objectName="lastUpdateLabel")
        self.rate = QLabel(objectName="rateLabel")
        self.freshness = QLabel(objectName="freshnessLabel")
        self.freshness.hide()
        for label in (self.badge, self.source, self.state):
            self.addWidget(label)
        for label in (self.markets, self.last_update, self.freshness, self.rate):
            self.addPermanentWidget(label)
        self.state_name = ""
        self.set_rate(0.0)

    def set_source(self, name: str, simulated: bool) -> None:
        self.source.setText(f"Source: {name}")
        self.badge.setVisible(simulated)

    def set_state(self, state: str, detail: str = "") -> None:
        """connecting | live | reconnecting | error | stopped, with a detail such as the
        error and the time of the next retry."""
        self.state_name = state
        colour = STATE_COLOURS.get(state, "#808080")
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
        parts = []
        for name, status in markets.items():
            clock = status.local_time[11:16] if len(status.local_time) >= 16 else ""
            parts.append(f"{name} {_MARKET_MARKS.get(status.state, str(status.state))} {clock}"
                         .rstrip())
        self.markets.setText("  ·  ".join(parts))

    def set_last_update(self, code: str, update_time: str) -> None:
        """The exchange time of the latest record applied, and whose it was."""
        self.last_update.setText(f"Last: {update_time[11:] or update_time} ({code})")
        self.last_update.setToolTip(f"{code} {update_time} (exchange time)")

    def set_freshness(self, ages: Mapping[str, float | None] | None) -> None:
        """For polled sources (Futu): how old each row's data is. None hides it."""
        if ages is None:
            self.freshness.hide()
            return
        known = sorted(((a, c) for c, a in ages.items() if a is not None), reverse=True)
        waiting = [c for c, a in ages.items() if a is None]
        if known:
            oldest = known[0][0]
            median = known[len(known) // 2][0]
            text = f"Fresh: oldest {oldest:.0f} s · median {median:.0f} s"
        else:
            text = "Fresh: waiting"
        if waiting:
            text += f" · {len(waiting)} waiting"
        self.freshness.setText(text)
        lines = [f"{c}: {a:.0f} s ago" for a, c in known[:15]]
        lines += [f"{c}: not yet" for c in waiting[:5]]
        self.freshness.setToolTip(
            "Seconds since each row was refreshed (the source's request quota sets the "
            "pace), oldest first:\n" + "\n".join(lines))
        self.freshness.show()

    def set_rate(self, per_second: float) -> None:
        self.rate.setText(f"{per_second:,.0f} upd/s")


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
