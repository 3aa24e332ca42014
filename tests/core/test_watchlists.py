from contextlib import contextmanager

import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowdeck.core.errors import ErrorCode, FlowDeckError
from flowdeck.core.watchlists import (
    DEFAULT_WATCHLIST_NAME,
    UNDO_DEPTH,
    Watchlists,
    check_code,
    check_name,
    csv_tokens,
    split_codes,
)


def make() -> Watchlists:
    return Watchlists([("Main", ["HK.00700", "US.AAPL"]), ("China", ["SH.600519"])])


@contextmanager
def expect(code: ErrorCode):
    with pytest.raises(FlowDeckError) as info:
        yield info
    assert info.value.code is code


def test_empty_constructor_has_one_default_list():
    w = Watchlists()
    assert w.names() == [DEFAULT_WATCHLIST_NAME]
    assert w.active == DEFAULT_WATCHLIST_NAME and w.codes() == []


def test_constructor_normalises_and_dedups_and_keeps_active():
    w = Watchlists([("A", ["hk.700", "HK.00700", "us.aapl"]), ("B", [])], active="B")
    assert w.codes("A") == ["HK.00700", "US.AAPL"]
    assert w.active == "B"
    assert Watchlists([("A", [])], active="nope").active == "A"


def test_constructor_rejects_duplicate_names():
    with expect(ErrorCode.INVALID_PARAM):
        Watchlists([("A", []), ("a", [])])


@pytest.mark.parametrize("text, result", [
    ("", (None, None)),
    ("   ", (None, None)),
    ("hk.700", ("HK.00700", None)),
    ("US.brk.b", ("US.BRK.B", None)),
])
def test_check_code_valid_and_blank(text, result):
    assert check_code(text) == result


@pytest.mark.parametrize("text", ["700", "HK.123456", "SZ.1", "XX.1", "US.AAPL1"])
def test_check_code_gives_the_parser_message(text):
    code, message = check_code(text)
    assert code is None
    assert repr(text) in message and not message.startswith("INVALID_CODE")


def test_check_code_flags_duplicates():
    w = make()
    assert w.check_code("hk.700") == ("HK.00700", "HK.00700 is already in the list")
    assert w.check_code("hk.700", "China") == ("HK.00700", None)


def test_messy_paste():
    w = Watchlists([("A", [])])
    result = w.add_text("HK.700, us.aapl\n  SH.600519; bad SZ.1")
    assert result.added == ["HK.00700", "US.AAPL", "SH.600519"]
    assert [t for t, _ in result.invalid] == ["bad", "SZ.1"]
    assert all(msg for _, msg in result.invalid)
    assert result.duplicates == []
    assert w.codes() == ["HK.00700", "US.AAPL", "SH.600519"]


def test_paste_duplicates_ignored():
    w = make()
    result = w.add_text("hk.700\tHK.00700 US.MSFT us.msft\r\nUS.MSFT")
    assert result.added == ["US.MSFT"]
    assert result.duplicates == ["HK.00700", "HK.00700", "US.MSFT", "US.MSFT"]
    assert w.codes() == ["HK.00700", "US.AAPL", "US.MSFT"]


def test_add_one_code():
    w = make()
    assert w.add("sz.000001") == "SZ.000001"
    assert w.codes()[-1] == "SZ.000001"
    with expect(ErrorCode.INVALID_CODE):
        w.add("SZ.1")


def test_create_rename_delete_undo():
    w = make()
    calls = []
    w.listeners.append(lambda: calls.append(w.revision))
    assert w.create("  Tech  ") == "Tech"
    assert w.active == "Tech" and w.names() == ["Main", "China", "Tech"]
    assert w.rename("Tech", "US tech") == "US tech"
    assert w.active == "US tech"
    w.add_text("US.NVDA")
    w.delete("US tech")
    assert w.names() == ["Main", "China"] and w.active == "China"
    assert w.undo()
    assert w.names() == ["Main", "China", "US tech"]
    assert w.codes("US tech") == ["US.NVDA"] and w.active == "US tech"
    assert calls == list(range(1, len(calls) + 1)) and len(calls) == 5


def test_undo_everything_then_false():
    w = make()
    before = w.to_config()
    w.create("X")
    w.add_text("US.TSLA", "Main")
    w.remove(["US.AAPL"], "Main")
    w.move(0, 1, "Main")
    w.rename("X", "Y")
    w.delete("China")
    while w.can_undo():
        assert w.undo()
    assert not w.undo()
    assert w.to_config() == before


def test_undo_depth_is_bounded():
    w = Watchlists([("A", [])])
    for i in range(UNDO_DEPTH + 10):
        w.create(f"L{i}")
    undone = 0
    while w.undo():
        undone += 1
    assert undone == UNDO_DEPTH


@pytest.mark.parametrize("name", ["", "   ", "x" * 65, "a\nb", None, 3])
def test_bad_names(name):
    with expect(ErrorCode.INVALID_PARAM):
        check_name(name)
    w = make()
    with expect(ErrorCode.INVALID_PARAM):
        w.create(name)
    with expect(ErrorCode.INVALID_PARAM):
        w.rename("Main", name)


def test_duplicate_names_rejected_with_1001():
    w = make()
    with expect(ErrorCode.INVALID_PARAM) as info:
        w.create("main")
    assert "already exists" in info.value.message
    with expect(ErrorCode.INVALID_PARAM):
        w.rename("China", "MAIN")
    assert w.rename("Main", "MAIN") == "MAIN"  # a change of case is fine
    assert w.names() == ["MAIN", "China"]


def test_unknown_list_and_last_list():
    w = make()
    with expect(ErrorCode.INVALID_PARAM):
        w.set_active("nope")
    with expect(ErrorCode.INVALID_PARAM):
        w.delete("nope")
    w.delete("China")
    with expect(ErrorCode.INVALID_PARAM):
        w.delete("Main")


def test_set_active_and_codes_by_name():
    w = make()
    w.set_active("China")
    assert w.codes() == ["SH.600519"]
    assert w.codes("Main") == ["HK.00700", "US.AAPL"]


def test_remove_raw_or_normalised():
    w = make()
    assert w.remove(["hk.700", "US.NOPE", "junk!"]) == ["HK.00700"]
    assert w.codes() == ["US.AAPL"]
    rev = w.revision
    assert w.remove(["HK.00700"]) == []
    assert w.revision == rev  # nothing changed, nothing notified


@pytest.mark.parametrize("src, dst, expected", [
    (0, 2, ["B", "C", "A"]),
    (2, 0, ["C", "A", "B"]),
    (1, 1, ["A", "B", "C"]),
    (0, 99, ["B", "C", "A"]),
])
def test_move(src, dst, expected):
    codes = {"A": "US.A", "B": "US.B", "C": "US.C"}
    w = Watchlists([("L", list(codes.values()))])
    w.move(src, dst)
    assert w.codes() == [codes[k] for k in expected]


def test_move_out_of_range():
    with expect(ErrorCode.INVALID_PARAM):
        make().move(5, 0)


def test_set_codes():
    w = make()
    w.set_codes(["us.aapl", "HK.00700"])
    assert w.codes() == ["US.AAPL", "HK.00700"]
    w.undo()
    assert w.codes() == ["HK.00700", "US.AAPL"]


def test_export_and_import_text():
    w = make()
    assert w.export_text() == "HK.00700\nUS.AAPL\n"
    other = Watchlists([("X", [])])
    result = other.import_text(w.export_text())
    assert result.added == ["HK.00700", "US.AAPL"]
    assert other.import_text("code\nUS.TSLA\n").added == ["US.TSLA"]


def test_export_and_import_csv():
    w = make()
    assert w.export_csv() == "code\nHK.00700\nUS.AAPL\n"
    other = Watchlists([("X", [])])
    assert other.import_text(w.export_csv(), csv=True).added == ["HK.00700", "US.AAPL"]
    messy = ('Code,name,price\r\n"hk.700","Tencent, Holdings",300\r\n\r\n'
             'US.MSFT,Microsoft,1\nbad,x\n')
    other = Watchlists([("X", [])])
    result = other.import_text(messy, csv=True)
    assert result.added == ["HK.00700", "US.MSFT"]
    assert [t for t, _ in result.invalid] == ["bad"]


def test_csv_tokens_without_header():
    assert csv_tokens("HK.00700,a\nUS.AAPL\n") == ["HK.00700", "US.AAPL"]
    assert csv_tokens("") == []


def test_to_config_round_trip():
    w = make()
    w.set_active("China")
    again = Watchlists.from_config(w.to_config(), w.active)
    assert again.to_config() == w.to_config() and again.active == "China"


codes_st = st.sampled_from(["HK.00700", "US.AAPL", "SH.600519", "SZ.000001", "US.BRK.B",
                            "HK.09988", "bad", "SZ.1", "us.msft"])


@given(st.lists(codes_st, max_size=30), st.sampled_from([" ", ",", "\n", " ; ", "\t,\r\n"]))
def test_paste_property(tokens, sep):
    w = Watchlists([("A", ["HK.00700"])])
    result = w.add_text(sep.join(tokens))
    codes = w.codes()
    assert len(codes) == len(set(codes))
    assert codes == ["HK.00700", *result.added]
    valid = [t for t in tokens if check_code(t)[0]]
    assert len(result.added) + len(result.duplicates) == len(valid)
    assert [t for t, _ in result.invalid] == [t for t in tokens if not check_code(t)[0]]
    assert split_codes(sep.join(tokens)) == [t for t in tokens]
