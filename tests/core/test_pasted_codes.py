"""Codes as quote sites write them (recognise_code) and the codes of pasted text, lists
or tables copied from East Money and Tonghuashun (read_pasted)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowdeck.core.codes import recognise_code
from flowdeck.core.pasted_codes import read_pasted
from flowdeck.core.watchlists import Watchlists


@pytest.mark.parametrize("text, code", [
    ("HK.00700", "HK.00700"), ("hk.700", "HK.00700"), ("US.BRK.B", "US.BRK.B"),
    ("600519", "SH.600519"), ("688981", "SH.688981"), ("000001", "SZ.000001"),
    ("300750", "SZ.300750"), ("00700", "HK.00700"), ("09988", "HK.09988"),
    ("SH600519", "SH.600519"), ("sz000001", "SZ.000001"), ("HK00700", "HK.00700"),
    ("600519.SH", "SH.600519"), ("000001.sz", "SZ.000001"), ("00700.HK", "HK.00700"),
    ("0700.HK", "HK.00700"), ("AAPL.US", "US.AAPL"), ("BRK.B.US", "US.BRK.B"),
])
def test_recognises_the_ways_sites_write_codes(text, code):
    assert recognise_code(text) == code


@pytest.mark.parametrize("text", [
    "1", "700", "1700.00", "1.2%", "3.2亿", "贵州茅台", "序号", "代码", "123456",
    "800001", "1234567", "SH12345", "SH.12345", "600519.XX", "HK.123456", "", "AAPL",
    "٦٠٠٥١٩", None, 600519,
])
def test_other_text_is_no_code(text):
    assert recognise_code(text) is None


def test_an_east_money_table_gives_the_code_of_each_row():
    pasted = read_pasted("序号\t代码\t名称\t最新价\t涨跌幅\t主力净流入\n"
                         "1\t600519\t贵州茅台\t1700.00\t1.2%\t3.2亿\n"
                         "2\t000001\t平安银行\t10.50\t-0.50%\t-1.1亿\t123456\n"
                         "合计\n")
    assert pasted.tokens == ["SH.600519", "SZ.000001"]
    assert pasted.skipped == ["序号\t代码\t名称\t最新价\t涨跌幅\t主力净流入", "合计"]


def test_a_row_with_spaces_and_a_serial_number_is_a_table_row():
    pasted = read_pasted("1 HK.09988 Alibaba 80.55\n600519 贵州茅台")
    assert pasted.tokens == ["HK.09988", "SH.600519"] and pasted.skipped == []


def test_a_list_keeps_every_code_and_its_mistakes():
    pasted = read_pasted("HK.700, 600519.SH 00700\tUS.AAPL\nUS.TSLA SH.12345 foo")
    assert pasted.tokens == ["HK.00700", "SH.600519", "HK.00700", "US.AAPL",
                             "US.TSLA", "SH.12345", "foo"]
    assert pasted.skipped == []


def test_the_store_adds_a_table_and_counts_the_lines_skipped():
    store = Watchlists([("A", ["SH.600519"])])
    result = store.add_text("代码\t名称\nSH600519\t贵州茅台\n00700\t腾讯控股\n\n沪深A股\n")
    assert result.added == ["HK.00700"] and result.duplicates == ["SH.600519"]
    assert result.invalid == [] and result.skipped == ["代码\t名称", "沪深A股"]
    assert store.codes() == ["SH.600519", "HK.00700"]


def test_an_imported_table_is_read_as_a_paste():
    store = Watchlists([("A", [])])
    result = store.import_text("序号,代码,名称\n1,300750,宁德时代\n")
    assert result.added == ["SZ.300750"] and result.skipped == ["序号,代码,名称"]


@given(st.lists(st.sampled_from(["600519", "贵州茅台", "1700.00", "3.2亿", "SH.600519",
                                 "序号", "00700", "foo", "1"]), max_size=8),
       st.sampled_from(["\t", " ", ","]))
def test_a_line_never_gives_more_than_its_codes(cells, sep):
    line = sep.join(cells)
    pasted = read_pasted(line)
    codes = [t for t in pasted.tokens if recognise_code(t)]
    in_line = sum(recognise_code(c) is not None for c in cells)
    assert len(codes) <= in_line
    # A line with a code gives one; a line is skipped whole, only when it has none.
    assert bool(codes) == bool(in_line)
    assert pasted.skipped in ([], [line.strip()])
    if pasted.skipped:
        assert pasted.tokens == [] and in_line == 0
