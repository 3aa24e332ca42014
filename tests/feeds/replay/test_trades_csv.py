"""The replay file reader: the format, bad lines reported with line numbers and skipped,
the same trades however the file is cut into chunks, and the time column's parser."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pytest

from flowdeck.core.markets import to_local_seconds
from flowdeck.feeds.replay.time_column import NS, parse_times
from flowdeck.feeds.replay.trades_csv import HEADER, REPORTED, TradeChunk, TradeReader


def local_ns(text: str) -> int:
    return to_local_seconds(dt.datetime.fromisoformat(text)) * NS


def read(path, **kw) -> tuple[TradeReader, TradeChunk]:
    reader = TradeReader(path, **kw)
    chunks = list(reader)
    if not chunks:
        f = np.zeros(0)
        return reader, TradeChunk(np.zeros(0, np.int32), np.zeros(0, np.int64), f, f, f, f)
    return reader, TradeChunk(*(np.concatenate([getattr(c, k) for c in chunks])
                                for k in ("symbols", "ns", "price", "quantity", "bid", "ask")))


GOOD = f"""{HEADER}
HK.00700,2025-03-14 09:30:00,480.2,100,480.0,480.2
hk.700,2025-03-14 09:30:01,480.4,200,,
US.AAPL,2025-03-14 09:30:01.5,225.1,10,225.0,225.1
SZ.000001,2025-03-14T09:30:02.000123456,11.5,300,nan,NaN
"""


def test_a_good_file(tmp_path) -> None:
    path = tmp_path / "good.csv"
    path.write_text(GOOD)
    reader, got = read(path)
    assert reader.codes == {"HK.00700": 0, "US.AAPL": 1, "SZ.000001": 2}
    assert reader.rows == 4 and reader.lines == 5 and reader.bad.total == 0
    assert got.symbols.tolist() == [0, 0, 1, 2]
    assert got.ns.tolist() == [local_ns("2025-03-14 09:30:00"), local_ns("2025-03-14 09:30:01"),
                               local_ns("2025-03-14 09:30:01") + NS // 2,
                               local_ns("2025-03-14 09:30:02") + 123456]
    assert got.price.tolist() == [480.2, 480.4, 225.1, 11.5]
    assert got.quantity.tolist() == [100, 200, 10, 300]
    assert got.bid[0] == 480.0 and np.isnan(got.bid[1:2]).all() and np.isnan(got.ask[3])


def test_crlf_bom_blank_lines_no_header_and_no_final_line_end(tmp_path) -> None:
    body = GOOD.split("\n", 1)[1].rstrip("\n").replace("\n", "\r\n\r\n")
    path = tmp_path / "windows.csv"
    path.write_bytes(b"\xef\xbb\xbf" + body.encode())
    reader, got = read(path)
    assert reader.bad.total == 0 and reader.rows == 4
    assert got.price.tolist() == [480.2, 480.4, 225.1, 11.5]


MALFORMED = [
    # (line, reason fragment)
    ("HK.00700,2025-03-14 09:30:02", "expected 6 columns, got 2"),
    ("HK.00700,2025-03-14 09:30:02,1,1,,,", "expected 6 columns, got 7"),
    ("JP.7203,2025-03-14 09:30:02,1,1,,", "unknown market 'JP'"),
    ("HK.ABC,2025-03-14 09:30:02,1,1,,", "invalid stock code 'HK.ABC'"),
    ("HK.00700,2025-03-14 09:30:02,abc,1,,", "price 'abc' is not a number"),
    ("HK.00700,2025-03-14 09:30:02,,1,,", "price '' is not a number"),
    ("HK.00700,2025-03-14 09:30:02,0,1,,", "price '0' is not a number > 0"),
    ("HK.00700,2025-03-14 09:30:02,480,-5,,", "quantity '-5' is not a number > 0"),
    ("HK.00700,2025-03-14 09:30:02,480,inf,,", "quantity 'inf'"),
    ("HK.00700,2025-03-14 09:30:02,1e200,1e200,,", "price x quantity (1e200 x 1e200) is too"),
    ("HK.00700,2025-03-14 9:30:02,480,5,,", "time '2025-03-14 9:30:02' is not exchange-local"),
    ("HK.00700,2025-02-30 09:30:02,480,5,,", "time '2025-02-30 09:30:02'"),
    ("HK.00700,2025-03-14 09:30:02+08:00,480,5,,", "time '2025-03-14 09:30:02+08:00'"),
    ("HK.00700,2025-03-14 09:29:59,480,5,,", "is before 2025-03-14 09:30:02 of an earlier line"),
    ("HK.00700,2025-03-14 09:30:02,480,5,-1,", "bid '-1' is not empty or a number >= 0"),
    ("HK.00700,2025-03-14 09:30:02,480,5,479,x", "ask 'x'"),
]


def test_malformed_lines_are_reported_with_line_numbers_and_skipped(tmp_path) -> None:
    good = ["HK.00700,2025-03-14 09:30:00,480.2,100,480.0,480.2",
            "US.AAPL,2025-03-14 09:30:01,225.1,10,225.0,225.1"]
    lines = [HEADER, *good]
    for bad, _ in MALFORMED:
        lines += [bad, "HK.00700,2025-03-14 09:30:02,481,100,,"]
    path = tmp_path / "bad.csv"
    path.write_text("\n".join(lines) + "\n")
    reader, got = read(path)
    assert reader.bad.total == len(MALFORMED)
    assert reader.rows == len(good) + len(MALFORMED)  # the rest is used
    assert got.price.tolist() == [480.2, 225.1] + [481.0] * len(MALFORMED)
    assert [n for n, _ in reader.bad.first] == [4 + 2 * i for i in range(len(MALFORMED))]
    for (number, reason), (_, fragment) in zip(reader.bad.first, MALFORMED, strict=True):
        assert fragment in reason, (number, reason)
    summary = reader.bad.summary("bad.csv")
    assert summary.startswith(f"{len(MALFORMED)} bad lines in bad.csv, skipped: line 4: ")


def test_only_the_first_bad_lines_are_kept_with_the_total(tmp_path) -> None:
    path = tmp_path / "many.csv"
    path.write_text("".join(f"HK.00700,2025-03-14 09:30:{i % 60:02d},x,1,,\n"
                            for i in range(500)))
    reader, got = read(path, chunk_bytes=1000)
    assert len(got) == 0 and reader.rows == 0
    assert reader.bad.total == 500 and len(reader.bad.first) == REPORTED
    assert [n for n, _ in reader.bad.first] == list(range(1, REPORTED + 1))
    assert reader.bad.summary("m").endswith(f"and {500 - REPORTED} more")


def test_out_of_order_across_chunks_and_markets(tmp_path) -> None:
    # One clock for all markets: the file is sorted by the local times as written.
    lines = ["US.AAPL,2025-03-14 09:31:00,225,1,,", "HK.00700,2025-03-14 09:30:30,480,1,,",
             "HK.00700,2025-03-14 09:31:00,480,1,,", "SH.600519,2025-03-14 09:31:00,1500,1,,"]
    path = tmp_path / "order.csv"
    path.write_text("\n".join(lines) + "\n")
    reader, got = read(path, chunk_bytes=40)  # a line or so per chunk
    assert [n for n, _ in reader.bad.first] == [2]
    assert got.symbols.tolist() == [0, 1, 2]  # equal times keep file order


def test_chunking_does_not_change_anything(tmp_path) -> None:
    rng = np.random.default_rng(3)
    codes = ["HK.00700", "US.AAPL", "SZ.000001", "SH.600519"]
    rows = []
    t = 9 * 3600 + 1800
    for i in range(3000):
        t += int(rng.integers(0, 3))
        bad = i % 97 == 5
        rows.append(f"{codes[i % 4]},2025-03-14 {t // 3600:02d}:{t // 60 % 60:02d}:{t % 60:02d}"
                    f".{int(rng.integers(0, 1000)):03d},{'bad' if bad else 100 + i % 7},"
                    f"{100 * (1 + i % 5)},{'' if i % 11 == 0 else 99.5},100.5")
    path = tmp_path / "chunks.csv"
    path.write_text(HEADER + "\n" + "\n".join(rows) + "\n")
    whole_reader, whole = read(path)
    for size in (17, 256, 4096):
        reader, got = read(path, chunk_bytes=size)
        assert reader.bad.first == whole_reader.bad.first
        assert reader.bad.total == whole_reader.bad.total
        for name in ("symbols", "ns", "price", "quantity"):
            assert np.array_equal(getattr(got, name), getattr(whole, name)), (size, name)
        assert np.array_equal(got.bid, whole.bid, equal_nan=True)


def test_a_second_pass_numbers_codes_as_the_first(tmp_path) -> None:
    path = tmp_path / "two.csv"
    path.write_text(GOOD)
    first, _ = read(path)
    path.write_text(GOOD + "US.MSFT,2025-03-14 09:31:00,420,1,,\n")  # changed in between
    second, got = read(path, codes=dict(first.codes), frozen=True)
    assert second.codes == first.codes and len(got) == 4
    assert second.bad.first == [(6, "code US.MSFT was not in the file when it was opened")]


def test_a_huge_line_is_skipped_without_holding_it(tmp_path) -> None:
    path = tmp_path / "huge.csv"
    path.write_bytes(b"HK.00700,2025-03-14 09:30:00,1,1,,\n" + b"x" * 300_000
                     + b"\nHK.00700,2025-03-14 09:30:01,2,1,,\n")
    reader, got = read(path, chunk_bytes=4096)
    assert got.price.tolist() == [1.0, 2.0]
    assert reader.bad.total == 1 and reader.bad.first[0][0] == 2
    assert "longer than" in reader.bad.first[0][1]


def test_an_unexpected_header_is_reported(tmp_path) -> None:
    path = tmp_path / "hdr.csv"
    path.write_text("code,time,qty,price,bid,ask\nHK.00700,2025-03-14 09:30:00,1,1,,\n")
    reader, got = read(path)
    assert len(got) == 1 and reader.bad.first[0][0] == 1
    assert "unexpected header" in reader.bad.first[0][1]


@pytest.mark.parametrize("text, expected", [
    ("2025-03-14 09:30:00", "2025-03-14 09:30:00"),
    ("2024-02-29 23:59:59", "2024-02-29 23:59:59"),
    ("2000-01-01T00:00:00", "2000-01-01 00:00:00"),
    ("1999-12-31 12:00:00.5", "1999-12-31 12:00:00"),
])
def test_times_parse_as_local_seconds(text: str, expected: str) -> None:
    ns, ok = parse_times(np.array([text.encode()], "S30"))
    assert ok.all()
    assert ns[0] // NS * NS == local_ns(expected)


@pytest.mark.parametrize("text", [
    "2025-02-29 10:00:00", "2100-02-29 10:00:00", "2025-13-01 10:00:00", "2025-00-10 10:00:00",
    "2025-03-14 24:00:00", "2025-03-14 10:60:00", "2025-03-14 10:00:60", "2025-03-14 10:00",
    "2025-03-14 10:00:00.", "2025-03-14 10:00:00.1234567890", "2025-03-14 10:00:00.1 ",
    "2025/03/14 10:00:00", "20250314 100000", "", "1969-12-31 23:59:59",
])
def test_bad_times_are_refused(text: str) -> None:
    _, ok = parse_times(np.array([text.encode()], "S30"))
    assert not ok.any()


def test_fractions_keep_nanoseconds() -> None:
    texts = [b"2025-03-14 09:30:00.1", b"2025-03-14 09:30:00.000000001",
             b"2025-03-14 09:30:00.999999999", b"2025-03-14 09:30:00.25"]
    ns, ok = parse_times(np.array(texts, "S30"))
    base = local_ns("2025-03-14 09:30:00")
    assert ok.all()
    assert (ns - base).tolist() == [100_000_000, 1, 999_999_999, 250_000_000]
