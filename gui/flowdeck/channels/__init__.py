"""Alert channels beyond the tray: webhooks, chat robots, e-mail (Qt-free, asyncio).

`base.Channel` is what the outbox (storage/outbox.py) and its sender (live/delivery.py)
talk to; each provider is a module of its own; `registry.make_channel` builds one from
its ChannelSpec and its secrets."""
