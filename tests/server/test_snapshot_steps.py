"""New codes are taken in steps (the loop turns between them), and a request meanwhile
never finds a code without its records: it answers from the state when the code's step
is done, or waits for it."""

from __future__ import annotations

import asyncio
import json

from flowdeck.server.hub import Hub
from tests.support.server_fakes import FakeFeed, tick_record
from tests.support.waiting import run

CODES = [f"HK.{i:05d}" for i in range(1, 501)]


def test_requests_during_a_stepped_snapshot_get_whole_records():
    async def main():
        feed = FakeFeed(interval=60.0)   # no update meanwhile: every answer is tick 0's
        hub = Hub(feed, min_restart_s=0.05)
        hub.start()

        async def answer(code: str) -> bytes:
            failed = await hub.ensure([code])
            return hub.flow_body([code], failed)

        try:
            first = asyncio.create_task(hub.ensure(CODES))
            for _ in range(1000):   # turn by turn, to see every step
                if hub.health()["codes"]:
                    break
                await asyncio.sleep(0)
            answers: list[tuple[str, asyncio.Task]] = []
            partial_turns = 0
            for _ in range(10_000):   # bounded: 500 codes take about ten turns
                if first.done():
                    break
                followed = hub.health()["codes"]
                if 0 < followed < len(CODES):
                    partial_turns += 1
                # The first code's step comes first, the last code's last.
                for code in (CODES[0], CODES[len(CODES) // 2], CODES[-1]):
                    answers.append((code, asyncio.create_task(answer(code))))
                await asyncio.sleep(0)
            assert await first == {}
            # The loop turned while the codes were taken in, some followed, some not.
            assert partial_turns >= 3, partial_turns
            for code, task in answers:
                body = await task
                assert body == hub.flow_body([code]), (code, body)
                data = json.loads(body)["data"]
                assert not data.get("errors"), (code, data)
                (item,) = data["capital_flow_list"]
                want = tick_record(code, 0)
                assert item["code"] == code
                assert item["main_net_inflow"] == want.main_net_inflow
                assert item["update_time"] == want.update_time
            assert len(answers) >= 3 * partial_turns
        finally:
            await hub.close()
    run(main())
