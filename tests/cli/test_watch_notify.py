"""`flowdeck watch --notify NAME / --notify-url URL`: the real command on a scripted replay
file sends each alert it prints to a local webhook receiver (tests/support/fake_channels)
through its outbox, at least once, with the dedupe key; a channel of the settings file
with its signing secret; a name that is not configured is an error 1001 naming the
usable ones; and watch's data-stale alerts reach the channels too."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import os
import sys
from zoneinfo import ZoneInfo

import pytest

from flowdeck.cli.main import main
from flowdeck.cli.watch_notify import Notifying, notify_specs, open_channels, url_name
from flowdeck.core.markets import MarketState
from flowdeck.core.stale_alerts import StaleSettings
from flowdeck.live.store import LiveStore
from flowdeck.storage import paths
from tests.support.batches import values
from tests.support.clock import VirtualClock
from tests.support.fake_channels.server import status
from tests.support.fake_channels.webhook import FakeWebhook
from tests.support.settings_file import write_settings
from tests.support.waiting import run, wait_until

ENV = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path), "PYTHONUNBUFFERED": "1"}
# HK.00700's day: small prints, then a 4M buy at the ask at 09:33 (main net inflow
# from ~0 to over 1M: the rule fires once), then a 3M sell at the bid.
TRADES = ["HK.00700,2025-03-14 09:30:01,400,100,399.8,400.2",
          "HK.00700,2025-03-14 09:31:10,400.2,200,400,400.2",
          "HK.00700,2025-03-14 09:33:05,400.2,10000,400,400.2",
          "HK.00700,2025-03-14 09:35:00,400,7500,400,400.2",
          "HK.00700,2025-03-14 09:40:00,400,100,399.8,400.2"]
RULE = "main_net_inflow > 1M"


def replay_file(tmp_path) -> str:
    path = tmp_path / "day.csv"
    path.write_text("code,time,price,quantity,bid,ask\n" + "\n".join(TRADES) + "\n",
                    encoding="ascii")
    return f"replay:{path}?speed=max"


async def flowdeck(*args: str) -> tuple[int, str, str]:
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "flowdeck", *args, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.PIPE, env={**ENV, "FLOWDECK_HOME": os.environ["FLOWDECK_HOME"]})
    out, err = await asyncio.wait_for(proc.communicate(), 60)
    return proc.returncode, out.decode(), err.decode()


@pytest.mark.e2e
@pytest.mark.timeout(90)
def test_watch_sends_each_alert_it_prints_to_the_webhook_url(flowdeck_home, tmp_path):
    async def main_():
        async with FakeWebhook() as hook:
            code, out, err = await flowdeck(
                "watch", "HK.00700", "--source", replay_file(tmp_path), "--alert", RULE,
                "--json", "--duration", "3", "--notify-url", hook.url)
            assert code == 0, err
            alerts = [o for o in map(json.loads, out.splitlines()) if o["type"] == "alert"]
            assert len(alerts) == 1 and alerts[0]["value"] > 1e6, out
            assert len(hook.bodies) == 1 and hook.problems == []
            body = hook.bodies[0]
            assert {k: body[k] for k in alerts[0]} == alerts[0]  # the --json object, and
            assert body["rule_text"] == "Main net inflow > 1M"         # words for people
            assert body["key"] and hook.keys == [body["key"]]
            assert "not sent yet" not in err
            assert (paths.data_dir() / "outbox-watch.sqlite").exists()
    run(main_(), timeout=80)


@pytest.mark.e2e
@pytest.mark.timeout(90)
def test_watch_notify_names_a_settings_channel_with_its_signing_secret(flowdeck_home,
                                                                       tmp_path):
    async def main_():
        async with FakeWebhook(secret="s3cret") as hook:
            write_settings(f'[[channels]]\nname = "desk"\nkind = "webhook"\n'
                           f'url = "{hook.url}"\nhmac_secret = "s3cret"\n')
            code, out, err = await flowdeck(
                "watch", "HK.00700", "--source", replay_file(tmp_path), "--alert", RULE,
                "--duration", "3", "--notify", "desk")
            assert code == 0, err
            assert out.count("ALERT ") == 1
            assert hook.problems == [] and len(hook.bodies) == 1  # signed as the fake checks
            assert hook.bodies[0]["code"] == "HK.00700" and "s3cret" not in out + err
    run(main_(), timeout=80)


@pytest.mark.e2e
@pytest.mark.timeout(90)
def test_what_a_failing_receiver_did_not_take_is_sent_by_the_next_watch(flowdeck_home,
                                                                         tmp_path):
    async def main_():
        async with FakeWebhook() as hook:
            # Down for the whole first run: its retry (backoff with random jitter) may
            # fall inside the run's drain at the end, and must fail there too.
            hook.faults.extend(status(500, "down") for _ in range(10))
            args = ["watch", "HK.00700", "--source", replay_file(tmp_path), "--alert", RULE,
                    "--duration", "3", "--notify-url", hook.url]
            code, out, err = await flowdeck(*args)
            assert code == 0 and out.count("ALERT ") == 1, err
            assert f"channel {url_name(hook.url)}: failing: " in err
            assert "1 alert message(s) not sent yet: kept in " in err
            assert hook.bodies == [] and 1 <= len(hook.requests) <= 2
            left = hook.requests[0].headers["X-FlowDeck-Key"]
            assert {r.headers["X-FlowDeck-Key"] for r in hook.requests} == {left}
            hook.faults.clear()
            code, out, err = await flowdeck(*args)   # the receiver answers again
            assert code == 0 and "not sent yet" not in err, err
            # The first run's firing (its key), then this run's: two firings, each once.
            assert hook.keys[0] == left and len(hook.keys) == len(set(hook.keys)) == 2
    run(main_(), timeout=80)


def test_a_name_not_configured_is_error_1001_naming_the_usable_ones(flowdeck_home, capsys):
    write_settings('[[channels]]\nname = "desk"\nkind = "webhook"\nurl = "http://127.0.0.1:9/h"\n'
                   '[[channels]]\nname = "ops"\nkind = "webhook"\nurl = "http://127.0.0.1:9/o"\n'
                   'enabled = false\n')
    assert main(["watch", "HK.00700", "--source", "sim", "--notify", "nope"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error 1001 INVALID_PARAM: --notify nope: that channel is not "
                          "configured")
    assert "(usable: desk)" in err
    assert main(["watch", "HK.00700", "--source", "sim", "--notify", "ops"]) == 2
    assert "--notify ops: that channel is turned off" in capsys.readouterr().err
    assert main(["watch", "HK.00700", "--notify-url", "ftp://x"]) == 2
    assert "--notify-url 'ftp://x': a URL must start with http:// or https://" in \
        capsys.readouterr().err


def test_watch_data_stale_alerts_reach_the_channels_and_are_printed(flowdeck_home):
    async def main_():
        morning = dt.datetime(2025, 3, 14, 10, 0, tzinfo=ZoneInfo("Asia/Hong_Kong"))
        clock = VirtualClock(morning.timestamp())
        store = LiveStore()
        store.set_codes(["HK.00700"], clock())
        store.set_market_states({"HK": MarketState.OPEN}, clock())
        store.apply(values(HK_00700=1.0), clock())
        lines, errors = [], []
        async with FakeWebhook() as hook:
            specs = notify_specs([], [hook.url])
            notifying = Notifying(specs, open_channels(specs, False), store,
                                  stale=StaleSettings(stale_s=60.0), source="sim",
                                  error=errors.append, line=lines.append, as_json=False,
                                  clock=clock, epoch=clock, sleep=clock.sleep)
            notifying.start()
            await clock.advance(80)   # no record for 60 s, told 10 s later
            await wait_until(lambda: hook.bodies, what="the stale alert at the webhook")
            assert [b["type"] for b in hook.bodies] == ["stale"]
            assert hook.bodies[0]["rule_text"] == "HK.00700: no update"
            assert lines == ["STALE 2025-03-14 10:01:12 HK.00700: no update: no update for "
                             "1 min while its market is open"]
            await notifying.close()
        assert errors == []
    run(main_())
