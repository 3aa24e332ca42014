"""Fuzzing code parsing (core/codes.py): normalise_code / parse_code / parse_stock_list
raise nothing but FlowDeckError 1001/1002, and a normalised code is ASCII, normalises
to itself and parses back to the same Code."""

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from flowdeck.core.codes import MAX_CODES_PER_REQUEST, parse_stock_list
from flowdeck.core.errors import ErrorCode, FlowDeckError

from .budgets import examples
from .strategies import CODES, json_values
from .targets import code_target, stock_list_target

markets = st.one_of(st.none(), st.just(""), st.sampled_from(["HK", "us", " SH ", "SZ", "XX"]),
                    json_values)
code_texts = st.one_of(
    st.text(max_size=16), st.sampled_from(CODES),
    st.builds(lambda m, s: f"{m}.{s}", st.sampled_from(["HK", "US", "SH", "SZ", "hk", "Hk"]),
              st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabz.٧０ß ", max_size=9)))


@settings(max_examples=examples(400))
@given(code_texts, markets)
@example("HK.٧٠٠", None)      # Arabic-Indic digits matched \d: "HK.00٧٠٠" was accepted
@example("US.ß", None)        # "ß".upper() == "SS": "US.SS" was made up
@example("SZ.00000١", "SZ")
def test_code_parsing_never_raises_anything_else(text, market):
    code_target(text, market)


@settings(max_examples=examples(150))
@given(json_values, markets)
@example([1, 2], None)
def test_code_parsing_of_any_value(value, market):
    code_target(value, market)


@settings(max_examples=examples(150))
@given(st.one_of(json_values, st.lists(st.one_of(st.sampled_from(CODES), json_values),
                                       max_size=8)), markets)
@example(["HK.700", "hk.00700"], None)
@example(["٠٠٧"], "HK")
def test_stock_lists(stock_list, market):
    stock_list_target(stock_list, market)


def test_stock_list_bounds():
    # The target accepts a list or a 1001 alike; at the bound, which one is the point.
    with pytest.raises(FlowDeckError) as err:
        parse_stock_list([f"HK.{i}" for i in range(MAX_CODES_PER_REQUEST + 1)])
    assert err.value.code == ErrorCode.INVALID_PARAM
    assert f"at most {MAX_CODES_PER_REQUEST} per request" in err.value.message
    most = parse_stock_list([f"HK.{i}" for i in range(MAX_CODES_PER_REQUEST)])
    assert most == [f"HK.{i:05d}" for i in range(MAX_CODES_PER_REQUEST)]
    assert MAX_CODES_PER_REQUEST == 500   # the spec's number
