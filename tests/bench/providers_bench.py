"""Providers benchmark (issue 22, the channels themselves): prints one JSON line.

    python tests/bench/providers_bench.py [--sends 200]

- send_ms.<kind> p50/p99: one firing sent by the real channel (make_channel, signed
  where the kind signs) to its fake on 127.0.0.1, one send after another on one
  channel (its session kept): the cost of the channel and the loopback, not of any
  provider. The fakes' rate limits are lifted. E-mail: STARTTLS and login on a new
  SMTP connection per send (smtplib in a worker thread), as every e-mail send does.
- render_ms.<flavour>: text.render of a 200-firing summary cut to the provider's
  limit (what a burst over the rate costs to write).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path[:0] = [str(ROOT / "gui"), str(ROOT)]

from tests.support.fake_channels.certs import make_test_certs  # noqa: E402
from tests.support.fake_channels.dingtalk import FakeDingTalk  # noqa: E402
from tests.support.fake_channels.feishu import FakeFeishu  # noqa: E402
from tests.support.fake_channels.inputs import DictSecrets, firing  # noqa: E402
from tests.support.fake_channels.slack import FakeSlack  # noqa: E402
from tests.support.fake_channels.smtp import FakeSmtp  # noqa: E402
from tests.support.fake_channels.telegram import FakeTelegram  # noqa: E402
from tests.support.fake_channels.webhook import FakeWebhook  # noqa: E402
from tests.support.fake_channels.wecom import FakeWeCom  # noqa: E402

from flowdeck.channels import text  # noqa: E402
from flowdeck.channels.registry import make_channel  # noqa: E402
from flowdeck.core.channel_spec import channel_from_table  # noqa: E402

LOTS = 10**9
TOKEN = "123456789:AAE-bench_token_0123456789"


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(q * len(values)))], 3)


def setups():
    """(kind, fake, table, secrets)."""
    return [
        ("webhook", lambda: FakeWebhook("s"), lambda f: ({"url": f.url}, {"hmac_secret": "s"})),
        ("wecom", lambda: FakeWeCom(per_min=LOTS), lambda f: ({}, {"url": f.url})),
        ("dingtalk", lambda: FakeDingTalk(secret="SECs", per_min=LOTS),
         lambda f: ({}, {"url": f.url, "sign_secret": "SECs"})),
        ("feishu", lambda: FakeFeishu(secret="s", per_min=LOTS),
         lambda f: ({}, {"url": f.url, "sign_secret": "s"})),
        ("telegram", lambda: FakeTelegram(TOKEN, per_min=LOTS),
         lambda f: ({"options": {"chat_id": f.chat_id, "api_base": f.base}},
                    {"bot_token": TOKEN})),
        ("slack", lambda: FakeSlack(per_min=LOTS), lambda f: ({}, {"url": f.url})),
    ]


async def timed_sends(channel, sends: int) -> list[float]:
    out = []
    try:
        for i in range(sends):
            start = time.perf_counter()
            await channel.send([firing(key=str(i))])
            out.append((time.perf_counter() - start) * 1000)
    finally:
        await channel.close()
    return out


async def http_kinds(sends: int) -> dict[str, list[float]]:
    results = {}
    for kind, make_fake, setup in setups():
        async with make_fake() as fake:
            extra, secrets = setup(fake)
            spec = channel_from_table({"name": "b", "kind": kind, **extra})
            channel = make_channel(spec, DictSecrets({("b", k): v for k, v in secrets.items()}))
            results[kind] = await timed_sends(channel, sends)
            assert not fake.problems, fake.problems
    return results


def email_sends(sends: int) -> list[float]:
    with tempfile.TemporaryDirectory() as folder:
        certs = make_test_certs(Path(folder))
        assert certs is not None, "no cryptography and no openssl: no certificate"
        os.environ["SSL_CERT_FILE"] = str(certs.ca_file)
        with FakeSmtp(certs) as smtp:
            spec = channel_from_table({"name": "m", "kind": "email", "options": {
                "host": "127.0.0.1", "port": smtp.port, "username": "alerts@example.com",
                "to": "desk@example.com"}})
            channel = make_channel(spec, DictSecrets({("m", "password"): "app-password-123"}))
            return asyncio.run(timed_sends(channel, sends))


def render_ms(rounds: int = 20) -> dict[str, float]:
    payloads = [firing(f"SZ.{i:06d}", name="平安银行", key=str(i)) for i in range(200)]
    flavours = {"wecom_text": (text.PLAIN, 2048, text.utf8_size),
                "dingtalk": (text.MARKDOWN_PARAGRAPHS, 4096, text.utf8_size),
                "telegram": (text.HTML, 4096, text.utf16_size),
                "slack": (text.SLACK, 3000, len)}
    out = {}
    for name, (style, limit, size) in flavours.items():
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            text.render(payloads, style, limit, size)
            times.append((time.perf_counter() - start) * 1000)
        out[name] = round(statistics.median(times), 3)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sends", type=int, default=200)
    args = parser.parse_args()
    sends = asyncio.run(http_kinds(args.sends))
    sends["email"] = email_sends(max(20, args.sends // 5))
    print(json.dumps({
        "send_ms": {k: {"p50": pct(v, 0.5), "p99": pct(v, 0.99)} for k, v in sends.items()},
        "render_ms": render_ms(),
        "sends": args.sends,
    }))


if __name__ == "__main__":
    main()
