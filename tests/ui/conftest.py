"""The Qt tests' garbage is collected in the GUI thread before each test (the qloop,
flowdeck_home and window fixtures are in tests/support/fixtures.py)."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _collect_garbage_in_the_gui_thread(gui_garbage_collected) -> None:
    """See gui_garbage_collected: an old qasync loop's Qt objects freed in a worker
    thread crash Qt."""
