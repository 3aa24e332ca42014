"""The gateway's own archive on a real in-process gateway: the followed codes' day saved
at its market's close, exactly (the records' nets, the details' in/outflows, the float64
minute series whose last minute is the record), answered by /v1/capital_flow_history
from the file after a restart; saved every few minutes of an injected clock; told in
/v1/health; a corrupt file moved aside and an unusable folder logged while the
gateway serves on; --no-archive writes nothing."""

from __future__ import annotations

import asyncio
import datetime as dt

import numpy as np
import pytest

from flowdeck.core.batch import Batch, MarketStatus, MinutePoints
from flowdeck.core.markets import MarketState
from flowdeck.core.records import CapitalFlowDetail, CapitalFlowRecord
from flowdeck.server.archive_keeper import GatewayArchive
from flowdeck.server.main import build_parser, configure, gateway_archive
from flowdeck.storage.archive import Archive
from tests.support.feeds import ScriptedFeed
from tests.support.server_fakes import hub_of, run, served
from tests.support.waiting import wait_until

DAY = "2026-11-20"
IDENTITY = "sim:seed=3"
TIERS = {"HK.00700": (1000.1, 1e15 + 0.1, -3.3, 0.7), "HK.00005": (-2.5e7, 4.0, 0.0, -1.1)}


def record(code: str, tiers: tuple[float, ...], time: str) -> CapitalFlowRecord:
    s, la, m, sm = tiers
    return CapitalFlowRecord(code, f"{DAY} {time}", main_net_inflow=s + la,
                             retail_net_inflow=m + sm, super_net_inflow=s,
                             large_net_inflow=la, medium_net_inflow=m, small_net_inflow=sm)


def detail(code: str, tiers: tuple[float, ...], time: str) -> CapitalFlowDetail:
    inflow = tuple(abs(t) + 10.0 for t in tiers)
    outflow = tuple(i - t for i, t in zip(inflow, tiers, strict=True))
    return CapitalFlowDetail(code, f"{DAY} {time}", sum(inflow) + sum(outflow), 3,
                             inflow, outflow)  # type: ignore[arg-type]


def day_batch(state: MarketState, time: str, snapshot: bool, minutes: list[int],
              scale: float) -> Batch:
    """Every code's points at `minutes`, the last one the code's record; `scale` is how
    far into the day the numbers are."""
    batch = Batch(snapshot=snapshot)
    pc, pm, pv = [], [], []
    for code, full in TIERS.items():
        tiers = tuple(t * scale for t in full)
        batch.records[code] = record(code, tiers, time)
        batch.details[code] = detail(code, tiers, time)
        for k, minute in enumerate(minutes, 1):
            part = [t * k / len(minutes) for t in tiers] if k < len(minutes) else list(tiers)
            pc.append(code)
            pm.append(minute)
            pv.append([part[0] + part[1], part[2] + part[3], *part])
    batch.points = MinutePoints(pc, np.array(pm, np.int32), np.array(pv, np.float64))
    batch.markets["HK"] = MarketStatus(state, f"{DAY} {time}")
    return batch


async def history(client, code: str) -> list[dict]:
    resp = await client.get("/v1/capital_flow_history", params={"code": code})
    body = await resp.json()
    assert resp.status == 200, body
    return body["data"]["capital_flow_history_list"]


async def health(client) -> dict:
    resp = await client.get("/v1/health")
    return (await resp.json())["data"]


def test_the_close_is_saved_exactly_and_answered_after_a_restart(tmp_path) -> None:
    path = tmp_path / "gateway-archive.sqlite"

    async def first_run():
        opening = day_batch(MarketState.OPEN, "10:00:00", True, [0, 1, 5], 0.5)
        closing = day_batch(MarketState.CLOSED, "16:08:00", False, [7, 200], 1.0)
        feed = ScriptedFeed([opening], [[closing]])
        keeper = GatewayArchive(path, IDENTITY, poll_s=0.01)
        async with served(feed, archive=keeper) as client:
            resp = await client.get("/v1/capital_flow", params={"stock_list": list(TIERS)})
            assert resp.status == 200
            await wait_until(lambda: keeper.saves >= 1, what="the close saved")
            assert await keeper.settle()
            assert (await health(client))["archive"] == {"identity": IDENTITY, "kept": True,
                                                         "days": 1}

    async def second_run():
        keeper = GatewayArchive(path, IDENTITY, poll_s=0.01)
        async with served(ScriptedFeed([]), archive=keeper) as client:
            await keeper.wait_ready()
            for code, tiers in TIERS.items():
                [row] = await history(client, code)
                assert row["day"] == DAY and row["complete"] is True
                assert row["update_time"] == f"{DAY} 16:08:00"
                assert [row[f"{t}_net_inflow"] for t in ("super", "large", "medium",
                                                         "small")] == list(tiers)
                assert row["main_net_inflow"] == tiers[0] + tiers[1]  # float64, exact
                turnover = detail(code, tiers, "").turnover
                assert row["super_net_inflow_ratio"] == min(1.0, max(-1.0,
                                                                      tiers[0] / turnover))
            assert await history(client, "HK.00001") == []

    run(first_run())
    run(second_run())
    with Archive.open(path, IDENTITY) as archive:
        minutes = archive.minutes("HK.00700", dt.date.fromisoformat(DAY))
        [flow] = archive.days("HK.00700")
    tiers = TIERS["HK.00700"]
    assert minutes.shape == (330, 4) and minutes.dtype == np.float64
    assert minutes[1].tolist() == [t * 0.5 * 2 / 3 for t in tiers]      # the snapshot's
    assert minutes[6].tolist() == list(t * 0.5 for t in tiers)         # carried over
    assert (minutes[200:] == np.array(tiers)).all()   # the close to the session's end
    assert flow.inflow == detail("HK.00700", tiers, "").inflow


def test_the_day_so_far_is_saved_every_few_minutes_and_at_shutdown(tmp_path) -> None:
    path = tmp_path / "gateway-archive.sqlite"
    now = [0.0]

    async def main():
        opening = day_batch(MarketState.OPEN, "10:00:00", True, [0, 3], 0.5)
        later = day_batch(MarketState.OPEN, "10:30:00", False, [30], 0.75)
        release = asyncio.Event()   # the update waits for it

        async def gate(_seconds: float) -> None:
            await release.wait()

        feed = ScriptedFeed([opening], [[later]], sleep=gate)
        keeper = GatewayArchive(path, IDENTITY, save_every_s=300, poll_s=0.01,
                                clock=lambda: now[0])
        async with served(feed, archive=keeper) as client:
            await client.get("/v1/capital_flow", params={"stock_list": list(TIERS)})
            await keeper.wait_ready()
            now[0] = 299.0
            await asyncio.sleep(0.05)                  # a few polls
            assert keeper.saves == 0                   # not five minutes yet
            now[0] = 301.0
            await wait_until(lambda: keeper.saves == 1, what="the periodic save")
            assert await keeper.settle()
            [row] = await history(client, "HK.00700")
            assert row["complete"] is False and row["update_time"] == f"{DAY} 10:00:00"
            release.set()
            await wait_until(lambda: hub_of(client).batches == 1, what="the update")
            assert keeper.saves == 1                   # the next one in five minutes
        # Shut down: the day as it stood last is saved.
        with Archive.open(path, IDENTITY) as archive:
            [flow] = archive.days("HK.00005")
        assert flow.update_time == f"{DAY} 10:30:00" and not flow.complete
        assert flow.net == tuple(t * 0.75 for t in TIERS["HK.00005"])

    run(main())


def test_a_corrupt_file_is_moved_aside_and_a_bad_folder_does_not_stop_serving(tmp_path,
                                                                              caplog) -> None:
    corrupt = tmp_path / "gateway-archive.sqlite"
    corrupt.write_bytes(b"not a database at all" * 100)
    blocked = tmp_path / "file" / "gateway-archive.sqlite"
    (tmp_path / "file").write_text("a file where the folder should be")

    async def main():
        keeper = GatewayArchive(corrupt, IDENTITY, poll_s=0.01)
        async with served(ScriptedFeed([]), archive=keeper) as client:
            await keeper.wait_ready()
            got = (await health(client))["archive"]
            assert got["identity"] == IDENTITY and "moved to" in got["problem"]
            assert str(tmp_path) not in got["problem"]   # no path for clients
            assert await history(client, "HK.00700") == []
        assert any(p.name.startswith("gateway-archive.sqlite") and p != corrupt
                   for p in tmp_path.iterdir())
        opening = day_batch(MarketState.OPEN, "10:00:00", True, [0], 0.5)
        keeper = GatewayArchive(blocked, IDENTITY, poll_s=0.01)
        async with served(ScriptedFeed([opening]), archive=keeper) as client:
            await keeper.wait_ready()
            resp = await client.get("/v1/capital_flow", params={"stock_list": "HK.00700"})
            assert resp.status == 200                      # the gateway serves on
            assert "cannot be opened" in (await health(client))["archive"]["problem"]
            resp = await client.get("/v1/capital_flow_history", params={"code": "HK.00700"})
            body = await resp.json()
            assert body["ret_code"] == 1016 and "cannot be read" in body["ret_msg"]

    run(main())
    assert any("archive_unreadable" in r.getMessage() for r in caplog.records)


def test_no_archive_writes_nothing_and_still_tells_the_identity(tmp_path) -> None:
    args = build_parser().parse_args(["--no-archive"])
    config = configure(args, {})
    assert config.archive is False
    assert configure(build_parser().parse_args([]), {}).archive is True
    keeper = gateway_archive(config, ScriptedFeed([]))
    assert keeper.kept is False

    async def main():
        nothing = GatewayArchive(None, IDENTITY, poll_s=0.01)
        async with served(ScriptedFeed([]), archive=nothing) as client:
            await nothing.wait_ready()
            assert (await health(client))["archive"] == {"identity": IDENTITY,
                                                         "kept": False, "days": 0}
            resp = await client.get("/v1/capital_flow_history", params={"code": "HK.00700"})
            assert (await resp.json())["ret_code"] == 1016

    run(main())
    assert list(tmp_path.iterdir()) == []


@pytest.mark.e2e
def test_a_gateway_process_archives_what_it_followed_when_stopped(flowdeck_home) -> None:
    import json
    import time
    import urllib.request

    from flowdeck.storage import paths
    from tests.gateway_proc import running_gateway

    def get(gw, path: str) -> dict:
        req = urllib.request.Request(f"{gw.url}{path}", headers=gw.auth)
        with urllib.request.urlopen(req, timeout=10) as resp:
            return json.load(resp)["data"]

    with running_gateway(extra=["--no-archive"]) as gw:
        assert get(gw, "/v1/health")["archive"]["kept"] is False
    assert not paths.archive_path("gateway").exists()
    with running_gateway() as gw:
        deadline = time.monotonic() + 20
        while True:   # the simulator's first trade of the code may take a moment
            got = get(gw, "/v1/capital_flow?stock_list=HK.00700")["capital_flow_list"][0]
            if got["update_time"] or time.monotonic() > deadline:
                break
            time.sleep(0.1)
        archive = get(gw, "/v1/health")["archive"]
        assert archive["identity"] == "sim:seed=0" and archive["kept"] is True
    with Archive.open(paths.archive_path("gateway"), "sim:seed=0") as archived:
        [day] = archived.days("HK.00700")
    assert day.day.isoformat() == got["update_time"][:10]
