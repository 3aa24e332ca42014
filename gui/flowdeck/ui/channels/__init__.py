"""Settings > Channels: the alert channels beyond the tray (webhooks, chat bots,
e-mail), their secrets and their state (issue 22)."""
