"""Messages for people (channels/text.py): what a firing, a stale alert, an AND rule
and a summary read like in each flavour, the labels in the payload's language, and
the limits: whole lines only, "… and N more" counting what was left out."""

from __future__ import annotations

from flowdeck.channels.text import (
    HTML,
    MARKDOWN,
    MARKDOWN_PARAGRAPHS,
    PLAIN,
    SLACK,
    render,
    title,
    utf8_size,
)
from flowdeck.live.delivery_marks import trial_payload
from tests.support.fake_channels.inputs import and_firing, firing, stale


def test_one_firing_in_plain_text() -> None:
    assert render([firing(note="big order seen")]) == (
        "HK.00700 騰訊控股  Main net inflow > 50M\nValue: 51.2M\n"
        "Time: 2025-03-14 10:31:00 (exchange time)\nNote: big order seen")


def test_labels_follow_the_payloads_language() -> None:
    p = {**firing(note="留意"), "lang": "zh_CN", "rule_text": "主力净流入 > 5000万"}
    assert render([p]) == ("HK.00700 騰訊控股  主力净流入 > 5000万\n数值：51.2M\n"
                           "时间：2025-03-14 10:31:00（交易所时间）\n备注：留意")
    hk = {**firing(key="a"), "lang": "zh_HK"}
    assert render([hk, hk]).split("\n")[:2] == [
        "2 條提醒", "- HK.00700 騰訊控股：Main net inflow > 50M = 51.2M（10:31:00）"]
    cli = {**firing(key="a"), "lang": "zh"}     # watch --lang zh: Simplified
    assert render([cli, cli]).split("\n")[0] == "2 条提醒"


def test_an_and_rule_lists_each_condition_with_its_value() -> None:
    assert render([and_firing()], MARKDOWN).split("\n") == [
        "**HK.00700 騰訊控股**  Main net inflow crosses 0 and Main net ratio > 2%",
        "> Value: 31M, 2.4%", "> Time: 2025-03-14 10:31:00 (exchange time)",
        "> Conditions:", "> - Main net inflow crosses 0: 31M", "> - Main net ratio > 2%: 2.4%"]


def test_a_stale_alert_says_what_and_why() -> None:
    assert render([stale("HK.00700")]) == (
        "HK.00700: no update\nTime: 2025-03-14 10:40:00 (exchange time)\n"
        "Why: no update for 2 min while its market is open")
    # the source's alert carries this computer's time: no "(exchange time)"
    source = render([stale()], MARKDOWN).split("\n")
    assert source[0] == "**Source down: sim**" and source[1].startswith("> Time: ")
    assert not source[1].endswith(")")
    assert source[2] == "> Why: no data for 2 min: connection refused"
    assert title([stale()]) == "Source down: sim"
    assert render([stale("HK.00700", lang="zh_CN")]).split("\n")[::2] == [
        "HK.00700：无更新", "原因：开市中2分钟无更新"]
    assert render([stale("HK.00700", key="a"), firing()]).split("\n")[1] == (
        "- HK.00700: no update (10:40:00)")


def test_each_flavour_escapes_its_own_markup() -> None:
    p = firing(name="*ST 康美", note="a<b & 5 < 6 c_d")
    assert render([p], MARKDOWN).split("\n")[::3] == [
        "**HK.00700 ＊ST 康美**  Main net inflow > 50M", "> Note: a＜b & 5 < 6 c＿d"]
    assert render([p], SLACK).endswith("> Note: a&lt;b &amp; 5 &lt; 6 c_d")
    assert render([p], HTML).endswith("Note: a&lt;b &amp; 5 &lt; 6 c_d")
    assert "<font" not in render([firing(note="<font color=warning>x</font>")], MARKDOWN)


def test_a_summary_is_cut_between_lines_and_counts_the_rest() -> None:
    payloads = [firing(f"SH.60{i:04d}", name="贵州茅台", key=str(i)) for i in range(50)]
    text = render(payloads, PLAIN, 1000, utf8_size)
    lines = text.split("\n")
    assert utf8_size(text) <= 1000 < utf8_size(text + "\n" + lines[1])
    assert lines[0] == "50 alerts"
    assert lines[1] == "- SH.600000 贵州茅台: Main net inflow > 50M = 51.2M (10:31:00)"
    assert lines[-1] == f"… and {50 - (len(lines) - 2)} more"


def test_paragraph_lines_count_their_separators() -> None:
    payloads = [firing(f"SZ.00{i:04d}", key=str(i)) for i in range(50)]
    text = render(payloads, MARKDOWN_PARAGRAPHS, 1000, utf8_size)
    lines = text.split("\n\n")
    assert utf8_size(text) <= 1000 and "\n" not in "".join(lines)
    assert lines[0] == "**50 alerts**" and lines[-1] == f"… and {50 - (len(lines) - 2)} more"


def test_one_long_firing_is_cut_with_an_ellipsis() -> None:
    p = firing(note="x" * 1000)
    text = render([p], PLAIN, 150)
    assert text.split("\n")[-1] == "…" and len(text) <= 150
    # the note is bounded before anything else: one line never outgrows a message
    assert len(render([p]).split("\n")[-1]) == len("Note: ") + 300


def test_a_message_without_a_code_leads_with_its_words() -> None:
    test = trial_payload(1_741_919_460.0)     # what Settings > Channels' test sends
    assert render([test], MARKDOWN) == "**FlowDeck test message**"
    assert title([test]) == "FlowDeck test message"


def test_a_title_is_one_short_line() -> None:
    assert title([firing()]) == "HK.00700 騰訊控股: Main net inflow > 50M"
    assert title([firing(), firing("US.AAPL", name="Apple")]) == (
        "2 alerts: HK.00700 騰訊控股, …")
    assert len(title([firing(name="n" * 500)], 60)) == 60
