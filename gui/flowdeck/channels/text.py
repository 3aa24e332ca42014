"""Payloads (core/alert_payload.py) written for people: one firing, or a summary of
several, as plain text, markdown (WeCom, DingTalk), Slack's mrkdwn or HTML (Telegram,
e-mail), within a provider's limit.

A firing reads:

    HK.00700 騰訊控股  Main net inflow > 50M
    Value: 51.2M
    Time: 2025-03-14 10:31:00 (exchange time)
    Note: …
    Conditions:                       (an AND rule: each condition's value)
    - Main net inflow > 50M: 51.2M

and a data-stale alert "HK.00700: no update" (or "Source down: sim") with its time and
"Why: …".

A summary: "12 alerts" and a line per firing; what does not fit the limit is one last
line, "… and 3 more". Every line is whole: a message is cut between lines, never inside
one (a cut inside an HTML tag or a multi-byte character would break the message), and
each piece of a line is bounded first, so no single line can outgrow a limit. Labels
follow the payload's language (en, zh_CN, zh_HK); the values are already written in
it."""

from __future__ import annotations

import html
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from flowdeck.core.records import lang_key

ELLIPSIS = "…"
# The last line of a DingTalk or Feishu message: a robot secured by keywords (both
# offer it, and a summary carries no rule's note) takes FlowDeck's alerts with the
# keyword "FlowDeck".
SIGNATURE = "— FlowDeck"
_LABELS = {
    "en": {"value": "Value", "time": "Time", "exchange": "exchange time", "note": "Note",
           "why": "Why", "conditions": "Conditions", "alerts": "{n} alerts",
           "more": "… and {n} more", "colon": ": ", "paren": " ({})"},
    "zh_CN": {"value": "数值", "time": "时间", "exchange": "交易所时间", "note": "备注",
              "why": "原因", "conditions": "条件", "alerts": "{n} 条提醒",
              "more": "… 另有 {n} 条", "colon": "：", "paren": "（{}）"},
    "zh_HK": {"value": "數值", "time": "時間", "exchange": "交易所時間", "note": "備註",
              "why": "原因", "conditions": "條件", "alerts": "{n} 條提醒",
              "more": "… 另有 {n} 條", "colon": "：", "paren": "（{}）"},
}
# Bounds on each piece of a line, in characters, before any escaping.
_PIECE = {"code": 24, "name": 40, "rule": 200, "value": 80, "time": 32, "note": 300,
          "condition": 200}


def _cut(text: Any, limit: int) -> str:
    text = " ".join(str(text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + ELLIPSIS


# WeCom's and DingTalk's markdown are subsets without backslash escapes (a "\\*" shows
# as typed), so the characters that would start emphasis, code or a link become their
# full-width look-alikes (an A-share name such as "*ST" stays readable), and a "<" that
# could open a tag (WeCom takes <font>) likewise; "< -50M" in a rule stays as it is.
_MARKDOWN_LOOKALIKES = str.maketrans({"*": "＊", "_": "＿", "`": "｀", "[": "［", "]": "］"})
_TAG_START = re.compile(r"<(?=[A-Za-z/!])")


def _escape_markdown(text: str) -> str:
    return _TAG_START.sub("＜", text.translate(_MARKDOWN_LOOKALIKES))


def _escape_slack(text: str) -> str:
    # Slack's mrkdwn needs only these three escaped (its "Formatting text" page).
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True, slots=True)
class Style:
    """How one flavour writes: escaping, bold, a detail line's prefix, a list item's,
    what ends a line."""
    escape: Callable[[str], str]
    bold: Callable[[str], str]
    detail: str = ""
    item: str = "- "
    newline: str = "\n"


PLAIN = Style(lambda s: s, lambda s: s)
MARKDOWN = Style(_escape_markdown, lambda s: f"**{s}**", "> ")
# DingTalk's markdown joins lines of one paragraph: each line is a paragraph there.
MARKDOWN_PARAGRAPHS = Style(_escape_markdown, lambda s: f"**{s}**", "> ", newline="\n\n")
SLACK = Style(_escape_slack, lambda s: f"*{s}*", "> ", "• ")
HTML = Style(lambda s: html.escape(s, quote=False), lambda s: f"<b>{s}</b>", "", "• ")


def utf8_size(text: str) -> int:
    return len(text.encode())


def utf16_size(text: str) -> int:
    """Telegram counts a message's length in UTF-16 code units."""
    return len(text.encode("utf-16-le")) // 2


def labels(payloads: Sequence[Mapping[str, Any]]) -> dict[str, str]:
    lang = str(payloads[0].get("lang") or "en") if payloads else "en"
    return _LABELS[lang_key(lang)]


def _subject(p: Mapping[str, Any]) -> tuple[str, str]:
    """(who, what): "HK.00700 騰訊控股", "Main net inflow > 50M"; a data-stale alert's
    rule_text says it all ("HK.00700: no update", "Source down: sim"): it is the who."""
    if p.get("type") in ("stale", "recovered"):
        return _cut(p.get("rule_text"), _PIECE["rule"]), ""
    code, name = _cut(p.get("code"), _PIECE["code"]), _cut(p.get("name"), _PIECE["name"])
    who, what = " ".join(s for s in (code, name) if s), _cut(p.get("rule_text"), _PIECE["rule"])
    # Without a code (a test message: "FlowDeck test message") the words lead.
    return (who, what) if who else (what, "")


def title(payloads: Sequence[Mapping[str, Any]], limit: int = 120) -> str:
    """One line, no markup: an e-mail's subject, a DingTalk message's title, Slack's
    notification text."""
    words = labels(payloads)
    if len(payloads) == 1:
        who, what = _subject(payloads[0])
        return _cut(f"{who}: {what}" if what else who, limit)
    first, _ = _subject(payloads[0])
    return _cut(f"{words['alerts'].format(n=len(payloads))}{words['colon']}{first}, …", limit)


def _one(p: Mapping[str, Any], style: Style, words: Mapping[str, str]) -> list[str]:
    e, colon = style.escape, words["colon"]
    who, what = _subject(p)
    lines = [f"{style.bold(e(who))}  {e(what)}" if what else style.bold(e(who))]
    value = _cut(p.get("value_text"), _PIECE["value"])
    if value:
        lines.append(f"{style.detail}{e(words['value'])}{colon}{e(value)}")
    when = _cut(p.get("time"), _PIECE["time"])
    if when:
        # A code's alert carries its exchange's time; the source's, this computer's.
        zone = e(words["paren"].format(words["exchange"])) if p.get("code") else ""
        lines.append(f"{style.detail}{e(words['time'])}{colon}{e(when)}{zone}")
    note = _cut(p.get("note"), _PIECE["note"])
    if note:
        label = words["why"] if p.get("type") in ("stale", "recovered") else words["note"]
        lines.append(f"{style.detail}{e(label)}{colon}{e(note)}")
    conditions = p.get("conditions") or []
    if len(conditions) > 1:
        lines.append(f"{style.detail}{e(words['conditions'])}{colon.rstrip()}")
        lines += [f"{style.detail}{style.item}{e(_cut(c.get('text'), _PIECE['condition']))}"
                  for c in conditions]
    return lines


def _summary_line(p: Mapping[str, Any], style: Style, words: Mapping[str, str]) -> str:
    e = style.escape
    who, what = _subject(p)
    value = _cut(p.get("value_text"), _PIECE["value"])
    when = str(p.get("time") or "")
    clock = when[11:] if len(when) >= 19 else when
    tail = " = ".join(s for s in (what, value) if s)
    line = f"{style.item}{e(who)}{words['colon']}{e(tail)}" if tail else f"{style.item}{e(who)}"
    return line + (e(words["paren"].format(_cut(clock, 32))) if clock else "")


def render(payloads: Sequence[Mapping[str, Any]], style: Style = PLAIN,
           limit: int = 4096, size: Callable[[str], int] = len) -> str:
    """The message for `payloads`, at most `limit` as `size` measures it."""
    if not payloads:
        raise ValueError("nothing to render")
    words = labels(payloads)
    if len(payloads) == 1:
        head, lines = _one(payloads[0], style, words), []
        head, lines = head[:1], head[1:]
        more = ""
    else:
        head = [style.bold(style.escape(words["alerts"].format(n=len(payloads))))]
        lines = [_summary_line(p, style, words) for p in payloads]
        more = words["more"]
    return fit(head, lines, limit, size, style.escape(more) if more else "", style.newline)


def fit(head: list[str], lines: list[str], limit: int, size: Callable[[str], int],
        more: str = "", newline: str = "\n") -> str:
    """`head` then as many whole `lines` as fit with, when some are left out, the line
    `more` ("… and {n} more"; without one, a bare "…"), joined by `newline`. A head
    too long itself is cut (its first line is text the caller bounded). `size` adds up
    over concatenation (characters, UTF-8 bytes, UTF-16 units): each piece is measured
    once."""
    text = newline.join(head)
    used = size(text)
    if used > limit:
        return _cut_to(text, limit, size)

    def tail(left: int) -> str:
        return newline + (more.format(n=left) if more else ELLIPSIS)
    kept = 0
    for i, line in enumerate(lines):
        grown = used + size(newline + line)
        rest = len(lines) - i - 1
        if grown + (size(tail(rest)) if rest else 0) > limit:
            break
        used, kept = grown, i + 1
    out = newline.join([text, *lines[:kept]]) if kept else text
    if kept < len(lines) and used + size(tail(len(lines) - kept)) <= limit:
        out += tail(len(lines) - kept)
    return out


def _cut_to(text: str, limit: int, size: Callable[[str], int]) -> str:
    lo, hi = 0, len(text)
    while lo < hi:   # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if size(text[:mid] + ELLIPSIS) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo] + ELLIPSIS
