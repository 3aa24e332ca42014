"""The sender that tests/faults/test_outbox_kill.py kills with SIGKILL.

    python tests/faults/outbox_child.py OUTBOX URL FIRST COUNT

It runs the REAL outbox and Deliveries with the real generic webhook channel to URL:
it starts (resuming what OUTBOX holds), then puts COUNT firings, numbered from FIRST
("seq"), a few milliseconds apart, printing `{"fired": SEQ}` once each put returned
(durable: what the app takes as accepted). Then it waits until the outbox is empty and
prints `{"drained": true}`. The test kills it while a message is being sent."""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "gui"))

from flowdeck.channels.registry import make_channel
from flowdeck.core.channel_spec import ChannelSpec
from flowdeck.live.delivery import Deliveries
from flowdeck.storage.outbox import Outbox


class NoSecrets:
    def get(self, channel: str, field: str) -> str | None:
        return None


def say(message: dict) -> None:
    sys.stdout.write(json.dumps(message) + "\n")
    sys.stdout.flush()


async def main(path: str, url: str, first: int, count: int) -> None:
    # A rate out of reach: the drill is about kills, not the rate's waits.
    spec = ChannelSpec("hook", "webhook", url, True, {}, 10**6)
    deliveries = Deliveries(Outbox(path), {"hook": make_channel(spec, NoSecrets())},
                            {"hook": spec})
    deliveries.start()
    for seq in range(first, first + count):
        deliveries.put([{"type": "alert", "code": "HK.00700", "seq": seq}], ["hook"])
        say({"fired": seq})
        await asyncio.sleep(0.003)
    while deliveries.state("hook").pending:
        await asyncio.sleep(0.005)
    say({"drained": True})
    await deliveries.close()


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])))
