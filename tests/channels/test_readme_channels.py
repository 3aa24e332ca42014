"""README's [[channels]] examples load and build the channel they describe, with the
secrets each names in its comments ("# secret: url (...)"): a key renamed in the code and not in
README (or a table TOML cannot read) fails here."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from flowdeck.channels.registry import make_channel
from flowdeck.core.channel_spec import KINDS, SECRET_FIELDS, channel_from_table
from tests.support.fake_channels.inputs import DictSecrets
from tests.support.waiting import run

README = Path(__file__).resolve().parents[2] / "README.md"


def channel_blocks() -> list[str]:
    blocks = re.findall(r"```toml\n(.*?)```", README.read_text(encoding="utf-8"), re.DOTALL)
    return [b for b in blocks if b.lstrip().startswith("[[channels]]")]


def test_each_kind_has_an_example_that_builds() -> None:
    seen = []
    for block in channel_blocks():
        (table,) = tomllib.loads(block)["channels"]
        spec = channel_from_table(table)
        named = [line for line in block.splitlines() if line.lstrip().startswith("#")]
        fields = [f for f in SECRET_FIELDS[spec.kind] if any(f in line for line in named)]
        # README names every secret field of the kind
        assert fields == list(SECRET_FIELDS[spec.kind]), spec.kind
        secrets = DictSecrets({(spec.name, f): "https://example.com/x" if f == "url"
                               else "s3cret-value" for f in fields})
        channel = make_channel(spec, secrets)
        assert channel.kind == spec.kind
        run(channel.close())
        seen.append(spec.kind)
    assert sorted(seen) == sorted(KINDS)
