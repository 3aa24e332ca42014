"""Fuzzing the gateway's request parsing in-process (aiohttp's test client against the
real app over a FakeFeed): any query, body, method or content type gets the spec's
envelope, 4xx with 1001/1002 when the request is wrong, never a 500 or an unhandled
exception; and any /v1/stream message gets an error notice 1001/1002 or a subscription,
never the "internal error" path."""

import json

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from .budgets import examples
from .strategies import CODES, deep_json, json_texts, json_values
from .targets import GatewayHarness, http_target, ws_target

ROUTES = ["/v1/capital_flow", "/v1/capital_detail", "/v1/health"]


@pytest.fixture(scope="module")
def harness():
    h = GatewayHarness()
    yield h
    h.close()


query_values = st.one_of(st.text(max_size=30), st.sampled_from(CODES),
                         st.lists(st.sampled_from(CODES), max_size=4).map(",".join))
params = st.lists(st.tuples(st.sampled_from(["stock_list", "market", "x", ""]), query_values),
                  max_size=4)
bodies = st.one_of(
    st.none(), st.binary(max_size=120),
    json_texts(st.one_of(
        json_values,
        st.fixed_dictionaries({"stock_list": st.one_of(
            st.lists(st.sampled_from(CODES), max_size=4), json_values)},
            optional={"market": json_values}))).map(str.encode))


@settings(max_examples=examples(150))
@given(st.sampled_from(["GET", "POST", "PUT", "DELETE", "PATCH"]),
       st.one_of(st.sampled_from(ROUTES), st.text(max_size=12).map(lambda t: "/v1/" + t)),
       params, bodies, st.sampled_from([None, "application/json", "text/plain", "x/y"]),
       # Not "br": without the Brotli package aiohttp's HTTP parser itself answers a plain
       # 400 before the request reaches the app (as for a malformed request line).
       st.sampled_from([None, None, None, "gzip", "deflate", "identity", "x"]))
# Found: a body nested past the recursion limit was a 500 (RecursionError in json.loads).
@example("POST", "/v1/capital_flow", [], b"[" * 30_000, "application/json", None)
@example("POST", "/v1/capital_flow", [], b'{"stock_list": ["HK.700"], "market": [1]}', None,
         None)
@example("GET", "/v1/capital_flow", [("stock_list", "HK.\u0667\u0660\u0660")], None, None,
         None)
@example("POST", "/v1/capital_flow", [], b"not gzip", "application/json", "gzip")
def test_http_requests(harness, method, path, query, body, content_type, encoding):
    http_target(harness, method, path, query, body, content_type, encoding)


ops = st.fixed_dictionaries(
    {"op": st.one_of(st.sampled_from(["subscribe", "unsubscribe"]), json_values)},
    optional={"stock_list": st.one_of(st.lists(st.sampled_from(CODES), max_size=4),
                                      json_values),
              "market": json_values})


@settings(max_examples=examples(150))
@given(st.one_of(json_texts(st.one_of(ops, json_values)), deep_json()))
# Found: nesting past the recursion limit took the "internal error" path (1016).
@example("[" * 100_000)
@example(json.dumps({"op": "subscribe", "stock_list": ["HK.700"], "market": "US"}))
def test_stream_messages(harness, text):
    ws_target(harness, text)
