"""Fuzzing code parsing (core/codes.py): normalise_code / parse_code / parse_stock_list
raise nothing but FlowDeckError 1001/1002, and a normalised code is ASCII, normalises
to itself and parses back to the same Code."""

from hypothesis import example, given, settings
from hypothesis import strategies as st

from .strategies import CODES, json_values
from .targets import code_target, stock_list_target

markets = st.one_of(st.none(), st.just(""), st.sampled_from(["HK", "us", " SH ", "SZ", "XX"]),
                    json_values)
code_texts = st.one_of(
    st.text(max_size=16), st.sampled_from(CODES),
    st.builds(lambda m, s: f"{m}.{s}", st.sampled_from(["HK", "US", "SH", "SZ", "hk", "Hk"]),
              st.text(alphabet="0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabz.٧０ß ", max_size=9)))


@settings(max_examples=400)
@given(code_texts, markets)
@example("HK.٧٠٠", None)      # Arabic-Indic digits matched \d: "HK.00٧٠٠" was accepted
@example("US.ß", None)        # "ß".upper() == "SS": "US.SS" was made up
@example("SZ.00000١", "SZ")
def test_code_parsing_never_raises_anything_else(text, market):
    code_target(text, market)


@settings(max_examples=150)
@given(json_values, markets)
@example([1, 2], None)
def test_code_parsing_of_any_value(value, market):
    code_target(value, market)


@settings(max_examples=150)
@given(st.one_of(json_values, st.lists(st.one_of(st.sampled_from(CODES), json_values),
                                       max_size=8)), markets)
@example(["HK.700", "hk.00700"], None)
@example(["٠٠٧"], "HK")
def test_stock_lists(stock_list, market):
    stock_list_target(stock_list, market)


def test_stock_list_bounds():
    stock_list_target([f"HK.{i}" for i in range(501)])   # 1001: too long
    stock_list_target([f"HK.{i}" for i in range(500)])   # the most allowed
