"""Source URLs with their secrets blanked, for every place a source is logged or shown
(the window's log and status bar, the command line's errors, the gateway's log and
/v1/health): a token in `gateway://h:1?token=T` must never reach a file other users can
read, a screenshot or a bug report.

`redact_source` takes a URL or any text quoting URLs (an error message) and blanks the
value of each secret-like query option (token, password, passwd, pwd, secret, key and
names ending in them: access_token, api_key) and the password of `user:password@`.
"""

from __future__ import annotations

import re

MASK = "***"

# An option follows ?, & or ;, or starts the text or a word (`token=T` alone).
_SECRET_OPTION = re.compile(
    r"(?i)((?:^|(?<=[?&;\s'\"(]))[\w.-]*?(?:token|password|passwd|pwd|secret|key)=)"
    r"[^&;#\s'\")]*")
_USERINFO_PASSWORD = re.compile(r"(://[^/@\s:?#'\"]*:)[^/@\s?#'\"]*@")


def redact_source(text: str) -> str:
    """`text` (a source URL or a message quoting one) with secret values as ***."""
    if not text:
        return text
    out = _SECRET_OPTION.sub(rf"\1{MASK}", text)
    return _USERINFO_PASSWORD.sub(rf"\1{MASK}@", out)


def has_secret(source: str | None) -> bool:
    """Whether `source` carries a secret that `redact_source` would blank."""
    return bool(source) and redact_source(source or "") != source


def command_line_warning(what: str, env: str = "FLOWDECK_TOKEN") -> str:
    """The warning for a secret given on a command line (`--token T`, `?token=T` in
    --source): every user of the computer can read a process's arguments (ps, /proc)."""
    return (f"warning: {what} puts a secret on the command line, where every user of "
            f"this computer can read it (ps); set {env} instead, or let FlowDeck read "
            f"the gateway's token file")
