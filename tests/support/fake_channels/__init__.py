"""Local stand-ins for the providers a channel sends to, each on 127.0.0.1 (aiohttp)
and checking a request as the provider documents it: the generic webhook receiver,
WeCom, DingTalk, Feishu, Telegram and Slack, and an SMTP server (aiosmtpd)."""
