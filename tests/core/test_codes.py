import pytest
from hypothesis import given
from hypothesis import strategies as st

from flowdeck.core.codes import (
    MAX_CODES_PER_REQUEST,
    Code,
    Market,
    normalise_code,
    normalised_cache_info,
    parse_code,
    parse_stock_list,
)
from flowdeck.core.errors import ErrorCode, FlowDeckError


@pytest.mark.parametrize("text, expected", [
    ("HK.00700", "HK.00700"),
    ("HK.700", "HK.00700"),
    (" hk.700 ", "HK.00700"),
    ("US.AAPL", "US.AAPL"),
    ("us.brk.b", "US.BRK.B"),
    ("SH.600519", "SH.600519"),
    ("SZ.000001", "SZ.000001"),
])
def test_normalises(text, expected):
    assert normalise_code(text) == expected


@pytest.mark.parametrize("text", [
    "", "HK", "HK.", "00700", "HK.123456", "HK.7OO", "SH.60051", "SH.6005190", "SZ.ABCDEF",
    "US.", "US.AAPL1", "US.BRK.", "US.BRK.BBB", "XX.00700", "HK..700", "HK.00700.1",
])
def test_rejects_with_invalid_code_naming_input(text):
    with pytest.raises(FlowDeckError) as info:
        parse_code(text)
    assert info.value.code is ErrorCode.INVALID_CODE
    assert repr(text) in info.value.message
    assert str(info.value).startswith("INVALID_CODE: ")


@pytest.mark.parametrize("value", [None, 700, 7.0, b"HK.00700", ["HK.00700"]])
def test_non_strings_are_invalid_code(value):
    with pytest.raises(FlowDeckError) as info:
        parse_code(value)
    assert info.value.code is ErrorCode.INVALID_CODE


def test_market_prefixes_bare_symbols_and_must_agree():
    assert normalise_code("00700", market="HK") == "HK.00700"
    assert normalise_code("700", market="hk") == "HK.00700"
    assert normalise_code("HK.700", market="HK") == "HK.00700"
    assert normalise_code("aapl", market="US") == "US.AAPL"
    with pytest.raises(FlowDeckError) as info:
        parse_code("HK.00700", market="US")
    assert info.value.code is ErrorCode.INVALID_PARAM
    with pytest.raises(FlowDeckError) as info:
        parse_code("00700", market="JP")
    assert info.value.code is ErrorCode.INVALID_PARAM


def test_codes_parsed_again_come_from_the_cache_and_bad_ones_fail_every_time():
    # A gateway parses the same 2,000 codes at every subscribe: the second time is a
    # cache hit, with the same answer; a bad code is never remembered as good.
    first = normalise_code(" hk.7007 ")
    hits = normalised_cache_info().hits
    assert normalise_code(" hk.7007 ") == first == "HK.07007"
    assert normalised_cache_info().hits == hits + 1
    assert parse_stock_list([" hk.7007 ", "HK.7007"]) == ["HK.07007"]
    for _ in range(2):
        with pytest.raises(FlowDeckError) as info:
            normalise_code("HK.1234567")
        assert info.value.code is ErrorCode.INVALID_CODE
        assert "'HK.1234567'" in info.value.message
        with pytest.raises(FlowDeckError) as info:
            normalise_code("7007", market="JP")
        assert info.value.code is ErrorCode.INVALID_PARAM
    # Inputs that are not plain strings are parsed as before (unhashable ones too).
    assert normalise_code("7007", market=Market.HK) == "HK.07007"
    with pytest.raises(FlowDeckError) as info:
        normalise_code("HK.7007", market=["HK"])
    assert info.value.code is ErrorCode.INVALID_PARAM


def test_stock_list_validation():
    assert parse_stock_list(["HK.700", "HK.00700", "US.AAPL"]) == ["HK.00700", "US.AAPL"]
    assert parse_stock_list(("00700", "00005"), market="HK") == ["HK.00700", "HK.00005"]
    for bad in ("HK.00700", None, 5, [], [f"HK.{i}" for i in range(1, MAX_CODES_PER_REQUEST + 2)]):
        with pytest.raises(FlowDeckError) as info:
            parse_stock_list(bad)
        assert info.value.code is ErrorCode.INVALID_PARAM, bad
    with pytest.raises(FlowDeckError) as info:
        parse_stock_list(["HK.00700", "nonsense"])
    assert info.value.code is ErrorCode.INVALID_CODE
    assert "'nonsense'" in info.value.message
    with pytest.raises(FlowDeckError) as info:
        parse_stock_list(["HK.00700"], market="XX")
    assert info.value.code is ErrorCode.INVALID_PARAM


codes = st.one_of(
    st.builds(Code, st.just(Market.HK), st.integers(1, 99999).map(lambda n: f"{n:05d}")),
    st.builds(Code, st.sampled_from([Market.SH, Market.SZ]),
              st.integers(0, 999999).map(lambda n: f"{n:06d}")),
    st.builds(Code, st.just(Market.US),
              st.builds(lambda a, b: a + b, st.from_regex(r"[A-Z]{1,6}", fullmatch=True),
                        st.sampled_from(["", ".A", ".B", ".WS"]))),
)


@given(codes)
def test_parse_format_roundtrip(code):
    assert parse_code(str(code)) == code
    assert parse_code(f"  {str(code).lower()}  ") == code


@given(st.one_of(st.text(max_size=20), st.integers(), st.none(), st.binary(max_size=8)),
       st.sampled_from([None, "HK", "US", "SH", "SZ", "xx"]))
def test_never_raises_anything_but_our_error(text, market):
    try:
        result = parse_code(text, market)
    except FlowDeckError as exc:
        assert exc.code in (ErrorCode.INVALID_CODE, ErrorCode.INVALID_PARAM)
    else:
        assert parse_code(str(result)) == result
