"""Property: any channels saved with the settings read back as they were, and any
secrets typed into their tables are found, moved to the store whole and leave no trace
in the file."""

from __future__ import annotations

import tomllib

import tomli_w
from hypothesis import given
from hypothesis import strategies as st
from keyring.backends import fail

from flowdeck.core.channel_spec import (
    DEFAULT_PER_MIN,
    KINDS,
    PER_MIN,
    SECRET_FIELDS,
    ChannelSpec,
    channel_to_table,
)
from flowdeck.storage.channel_settings import (
    channel_specs,
    move_typed_secrets,
    set_channel_specs,
    typed_secrets,
)
from flowdeck.storage.config import dumps_config, load_config, parse_config
from flowdeck.storage.secrets import SecretStore

NAMES = st.text("abcdefgh-_. 0123", min_size=1, max_size=12).map(str.strip).filter(bool)
OPTION_VALUES = {"timeout_s": st.floats(1, 60), "at_all": st.booleans(),
                 "chat_id": st.text("0123456789-", min_size=1, max_size=8),
                 "port": st.integers(1, 65535), "to": st.lists(st.just("a@b.test"), max_size=2),
                 "headers": st.dictionaries(st.sampled_from(["X-A", "X-B"]), st.just("1"))}
# A value no other text of the file has, so finding it there means it was left.
SECRET = st.text("ABCdef0123=?&/:", max_size=20).map("s3cr3t-".__add__)


@st.composite
def specs(draw) -> list[ChannelSpec]:
    names = draw(st.lists(NAMES, unique=True, max_size=4))
    out = []
    for name in names:
        kind = draw(st.sampled_from(KINDS))
        limit = PER_MIN[kind] or DEFAULT_PER_MIN
        options = {k: draw(v) for k, v in OPTION_VALUES.items()
                   if k in {"webhook": ("timeout_s", "headers"), "dingtalk": ("at_all",),
                            "telegram": ("chat_id",), "email": ("port", "to")}.get(kind, ())
                   and draw(st.booleans())}
        url = "https://example.test/in" if kind == "webhook" else ""
        out.append(ChannelSpec(name, kind, url, draw(st.booleans()), options,
                               draw(st.integers(1, limit))))
    return out


@given(specs())
def test_channels_read_back_as_saved(chosen):
    config = parse_config({})[0]
    set_channel_specs(config, chosen)
    again = parse_config(tomllib.loads(dumps_config(config)))[0]
    assert channel_specs(again) == (chosen, [])


@given(specs(), st.data())
def test_typed_secrets_move_whole_and_leave_the_file(tmp_path_factory, chosen, data):
    folder = tmp_path_factory.mktemp("typed")
    typed = {}
    tables = []
    for spec in chosen:
        table = channel_to_table(spec)
        fields = data.draw(st.lists(st.sampled_from(SECRET_FIELDS[spec.kind]), unique=True))
        for field in fields:
            value = data.draw(SECRET)
            if field != "url" and data.draw(st.booleans()):
                table.setdefault("options", {})[field] = value
            else:
                table[field] = value
            typed.setdefault(spec.name, {})[field] = value
        tables.append(table)
    path = folder / "flowdeck.toml"
    path.write_text(tomli_w.dumps({"channels": tables}))
    config = load_config(path).config
    assert typed_secrets(config) == typed
    store = SecretStore.open(folder / "secrets.toml", backend=fail.Keyring())
    assert move_typed_secrets(config, store) == list(typed)
    text = dumps_config(config)
    for name, secrets in typed.items():
        for field, value in secrets.items():
            assert store.get(name, field) == value
            assert value not in text
    assert typed_secrets(parse_config(tomllib.loads(text))[0]) == {}
