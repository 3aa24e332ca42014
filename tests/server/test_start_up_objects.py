"""The gateway takes its start-up objects out of full garbage collections (each one that
scanned them held the loop 20-60 ms under a hundred streams); what it makes later is
collected as before."""

from __future__ import annotations

import gc
import weakref

from flowdeck.server.main import settle_start_up_objects


class Node:
    pass


def test_start_up_objects_are_frozen_and_later_cycles_still_collected():
    before = gc.get_freeze_count()
    try:
        settle_start_up_objects()
        assert gc.get_freeze_count() > before
        node = Node()
        node.me = node                 # a cycle: only the collector frees it
        gone = weakref.ref(node)
        del node
        gc.collect()
        assert gone() is None
    finally:
        gc.unfreeze()
