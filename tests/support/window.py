"""The main window run as a user runs it: built, shown, started, shut down."""

from __future__ import annotations

import asyncio

from flowdeck.ui.shell.open_window import open_window

FAST = "sim?speed=20&seed=7"


def run_window(qloop, body, config=None, source=FAST, timeout=60):
    """Build the window, start it, run `await body(window)`, shut it down."""
    window = open_window(config, source)

    async def go():
        window.show()
        window.start()
        try:
            await body(window)
        finally:
            await window.shutdown()
            window.quit()

    qloop.run_until_complete(asyncio.wait_for(go(), timeout))
    return window
