"""The Market view's line on what futu:// polls for it (feeds.base.ScopeFacts, worded by
ui/market in the window's language): the watchlists, the plates by name (by count past
three), how many are loaded, how many codes."""

from __future__ import annotations

import pytest

from flowdeck.feeds.base import ScopeFacts
from flowdeck.ui.look.i18n import apply_language
from flowdeck.ui.market.market_text import source_scope_text
from tests.support.window_settings import back_to_english

FACTS = [ScopeFacts(2, True), ScopeFacts(1), ScopeFacts(40, True, ("Tech",), 1),
         ScopeFacts(40, False, ("Tech", "Banks"), 1),
         ScopeFacts(90, True, ("A", "B", "C", "D"), 4)]
WORDS = {
    "en": ["your watchlists, 2 codes", "the followed codes, 1 code",
           "your watchlists + plate Tech, 40 codes",
           "plates Tech, Banks (1 of 2 loaded), 40 codes",
           "your watchlists + 4 plates, 90 codes"],
    "zh_CN": ["您的自选股，共 2 只股票", "关注的股票，共 1 只股票",
              "您的自选股 + 板块 Tech，共 40 只股票",
              "板块 Tech、Banks（已载入 1/2），共 40 只股票",
              "您的自选股 + 4 个板块，共 90 只股票"],
    "zh_HK": ["您的自選股，共 2 隻股票", "關注的股票，共 1 隻股票",
              "您的自選股 + 板塊 Tech，共 40 隻股票",
              "板塊 Tech、Banks（已載入 1/2），共 40 隻股票",
              "您的自選股 + 4 個板塊，共 90 隻股票"],
}


@pytest.fixture
def english_after(qapp):
    yield
    back_to_english()


@pytest.mark.parametrize("lang", list(WORDS))
def test_what_the_source_polls_in_each_language(english_after, lang):
    apply_language(lang)
    assert [source_scope_text(f) for f in FACTS] == WORDS[lang]
