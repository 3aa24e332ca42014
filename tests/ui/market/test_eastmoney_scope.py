"""The Market view's words for what an eastmoney:// table covers (feeds.market_table's
covers "eastmoney": East Money's A-share lists, its top and bottom first, then all), in
each language."""

from __future__ import annotations

import pytest

from flowdeck.ui.look.i18n import apply_language
from flowdeck.ui.market.market_text import covered_scope
from tests.support.window_settings import back_to_english

WORDS = {"en": "East Money's A-share list", "zh_CN": "东方财富的 A 股列表",
         "zh_HK": "東方財富的 A 股列表"}


@pytest.fixture
def english_after(qapp):
    yield
    back_to_english()


@pytest.mark.parametrize("lang", list(WORDS))
def test_east_moneys_list_is_named_in_each_language(english_after, lang):
    apply_language(lang)
    assert covered_scope("eastmoney") == WORDS[lang]
    assert covered_scope("gateway") != WORDS[lang]
