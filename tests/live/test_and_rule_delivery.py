"""An AND rule that names channels, end to end: the AlertPipeline fires it, Deliveries
puts it through the outbox to the channels the rule names (a name the settings lack is
skipped), and the webhook receiver on 127.0.0.1 gets each condition with its value."""

from __future__ import annotations

import numpy as np

from flowdeck.channels.registry import make_channel
from flowdeck.core.alert_rules import make_rule
from flowdeck.core.batch import Batch, RecordColumns
from flowdeck.core.channel_spec import ChannelSpec
from flowdeck.core.records import NUMERIC_KEYS
from flowdeck.live.alerts import AlertPipeline
from flowdeck.live.delivery import Deliveries
from flowdeck.storage.outbox import Outbox
from tests.support.fake_channels.inputs import DictSecrets
from tests.support.fake_channels.webhook import FakeWebhook
from tests.support.waiting import run, wait_until

RULE = make_rule("code:HK.00700", "main_net_inflow", "crosses", 0, cooldown_s=0,
                 conditions=[{"field": "main_net_inflow_ratio", "op": ">", "threshold": "2%"}],
                 channels=["hook", "not-configured"])


def batch(main: float, ratio: float) -> Batch:
    values = np.zeros((1, len(NUMERIC_KEYS)))
    values[0, [NUMERIC_KEYS.index("main_net_inflow"),
               NUMERIC_KEYS.index("main_net_inflow_ratio")]] = main, ratio
    return Batch(columns=RecordColumns(["HK.00700"], values, ["2025-03-14 10:31:00"]))


def test_an_and_firing_reaches_the_rules_channel_with_each_condition(tmp_path) -> None:
    async def go():
        async with FakeWebhook() as fake:
            spec = ChannelSpec("hook", "webhook", fake.url)
            deliveries = Deliveries(Outbox(tmp_path / "outbox.sqlite"),
                                    {"hook": make_channel(spec, DictSecrets())},
                                    {"hook": spec})
            deliveries.start()
            pipeline = AlertPipeline([RULE], notifiers=[deliveries])
            pipeline.on_batch(batch(-5e6, 0.03))
            assert pipeline.on_batch(batch(7.5e7, 0.031)) != []
            await wait_until(lambda: len(fake.bodies) >= 1, 10)
            await deliveries.close()
            return fake.bodies
    (body,) = run(go(), timeout=20)
    assert body["code"] == "HK.00700" and body["rule_text"] == (
        "Main net inflow crosses 0 and Main net ratio > 2%")
    assert [(c["field"], c["value"]) for c in body["conditions"]] == [
        ("main_net_inflow", 7.5e7), ("main_net_inflow_ratio", 0.031)]
    assert body["key"]  # the outbox's dedupe key
