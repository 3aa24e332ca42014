"""What the alerts need of the window that holds them, declared so the alerts package
does not import the shell (the shell builds WindowAlerts with itself as the host)."""

from __future__ import annotations

from typing import Any, Protocol

from ...core.watchlists import Watchlists
from ...storage.config import Config
from ..look.banner import BannerArea


class AlertsHost(Protocol):
    """The main window as the alerts see it: a QWidget (the parent of the dock, the
    tray's menu and the dialogs) with the parts below."""

    config: Config
    banners: BannerArea
    watchlists: Watchlists
    model: Any       # the flow table model: .table (FlowTable), .text.lang
    view: Any        # the flow table view: select_codes, context_requested
    store: Any       # the LiveStore and the Follower (data-stale alerts watch them)
    follower: Any
    closed: Any      # Signal(): the window closed (hidden, not deleted)

    def show_detail(self, code: str | None) -> None: ...
    def bring_to_front(self) -> None: ...
    def save_config(self) -> bool: ...
    def quit(self) -> None: ...
    def hide(self) -> None: ...
    def isVisible(self) -> bool: ...
    def isMinimized(self) -> bool: ...
    def isActiveWindow(self) -> bool: ...
