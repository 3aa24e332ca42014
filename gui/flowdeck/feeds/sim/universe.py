"""The simulator's universe: every market's listed stocks with made-up but plausible
names in English and Chinese (Simplified and Traditional) and an industry each,
deterministic for the seed (taxonomy.py holds the words and the sectors).

Sizes are a real exchange's (SIZES: ~2,600 HK, 4,000 US, 2,300 SH, 2,800 SZ) and codes
are in each market's format (HK 5 digits; SH 600xxx-605xxx and STAR 688xxx; SZ
000xxx-003xxx and ChiNext 300xxx-301xxx; US tickers made from the name). The default
watchlist's stocks are members with their real names. A market is built on first use
(numpy draws, then one Python pass to make the strings: 40-70 ms and ~5 MB for all
four, tests/bench/sim_universe_bench.py), so a window that never asks for the whole
market pays nothing. A code outside the universe (a user may follow any valid code)
still gets a name and a sector (`info`), from a hash of the seed and the code.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np

from ...core.codes import Market, parse_code
from ...core.stock_info import Sector, StockInfo
from .stocks import code_hash, sim_stock
from .taxonomy import (
    BOARDS,
    CN_SYLLABLES,
    KNOWN,
    MARKET_SECTORS,
    SECTOR_POOL,
    SIZES,
    TRADITIONAL,
    US_SYLLABLES,
    sector_id,
)

_STREAM_UNIVERSE = 20  # keeps the universe's draws apart from the tapes' (stocks.py)


def _syllables(market: Market) -> tuple[tuple[str, str], ...]:
    return US_SYLLABLES if market is Market.US else CN_SYLLABLES


def _made_up(market: Market, code: str, slug: str, pair: int) -> StockInfo:
    """A name from syllable pair `pair` (0 .. P(P-1)-1, two different syllables)."""
    syllables = _syllables(market)
    first, second = divmod(pair, len(syllables) - 1)
    second += second >= first
    (en1, zh1), (en2, zh2) = syllables[first], syllables[second]
    _, _, word_en, word_zh, _ = SECTOR_POOL[slug]
    name_zh = f"{zh1}{zh2}{word_zh}"
    return StockInfo(code, f"{en1}{en2.lower()} {word_en}", name_zh,
                     sector_id(market, slug), name_zh.translate(TRADITIONAL))


class SimUniverse:
    """The Universe (core.stock_info) of the simulator with `seed`."""

    def __init__(self, seed: int = 0) -> None:
        self.seed = int(seed)
        self._markets: dict[Market, dict[str, StockInfo]] = {}
        self._all: dict[str, StockInfo] | None = None
        self._sectors = {
            sector_id(m, slug): Sector(sector_id(m, slug), m.value, *SECTOR_POOL[slug][:2],
                                       SECTOR_POOL[slug][1].translate(TRADITIONAL))
            for m, slugs in MARKET_SECTORS.items() for slug in slugs}

    # --- the Universe protocol -------------------------------------------------------

    def stocks(self) -> Mapping[str, StockInfo]:
        """Every market's stocks, by code (markets in Market order, codes sorted)."""
        if self._all is None:
            self._all = {}
            for market in Market:
                self._all.update(self.market_stocks(market))
        return self._all

    def sectors(self) -> Mapping[str, Sector]:
        """Every market's sectors by id (`HK.bank`)."""
        return self._sectors

    # --- beyond it ---------------------------------------------------------------------

    def market_stocks(self, market: Market) -> Mapping[str, StockInfo]:
        built = self._markets.get(market)
        if built is None:
            built = self._markets[market] = self._build(market)
        return built

    def info(self, code: str) -> StockInfo:
        """The stock of any valid code: the universe's member, or a name and sector
        derived from (seed, code) for a code outside it. INVALID_CODE for a bad code."""
        parsed = parse_code(code)
        text = str(parsed)
        member = self.market_stocks(parsed.market).get(text)
        if member is not None:
            return member
        slugs = MARKET_SECTORS[parsed.market]
        h = code_hash(f"{self.seed}:{text}")
        n = len(_syllables(parsed.market))
        return _made_up(parsed.market, text, slugs[h % len(slugs)],
                        (h // len(slugs)) % (n * (n - 1)))

    # --- building ------------------------------------------------------------------------

    def _build(self, market: Market) -> dict[str, StockInfo]:
        rng = np.random.default_rng(np.random.SeedSequence(
            [self.seed & 0xFFFF_FFFF_FFFF_FFFF, _STREAM_UNIVERSE, list(Market).index(market)]))
        known = [c for c in KNOWN if c.startswith(market.value + ".")]
        count = SIZES[market] - len(known)
        slugs = MARKET_SECTORS[market]
        weights = np.array([SECTOR_POOL[s][4] for s in slugs])
        sector_of = rng.choice(len(slugs), count, p=weights / weights.sum())
        n = len(_syllables(market))
        pairs = np.empty(count, np.int64)
        for s in range(len(slugs)):  # names differ within a sector
            members = np.flatnonzero(sector_of == s)
            pairs[members] = rng.choice(n * (n - 1), len(members), replace=False)
        names_en, names_zh = _names(market, slugs, sector_of, pairs)
        if market is Market.US:
            codes = _tickers(names_en, known)
        else:
            codes = _numbers(rng, market, known, count)
        ids = [sector_id(market, slug) for slug in slugs]
        out = {c: StockInfo(c, en, zh, ids[s], zh.translate(TRADITIONAL)) for c, en, zh, s in
               zip(codes, names_en, names_zh, sector_of.tolist(), strict=True)}
        for code in known:
            name_zh, name_hant, slug = KNOWN[code]
            out[code] = StockInfo(code, sim_stock(code).name, name_zh, sector_id(market, slug),
                                  name_hant)
        return dict(sorted(out.items()))


def _names(market: Market, slugs: tuple[str, ...], sector_of: np.ndarray,
           pairs: np.ndarray) -> tuple[list[str], list[str]]:
    """The names `_made_up` gives, for many stocks in one pass (no StockInfo each)."""
    syllables = _syllables(market)
    first, second = np.divmod(pairs, len(syllables) - 1)
    second += second >= first
    en1 = [en for en, _ in syllables]
    en2 = [en.lower() for en, _ in syllables]
    zh = [z for _, z in syllables]
    word_en = [SECTOR_POOL[slug][2] for slug in slugs]
    word_zh = [SECTOR_POOL[slug][3] for slug in slugs]
    triples = list(zip(first.tolist(), second.tolist(), sector_of.tolist(), strict=True))
    return ([f"{en1[a]}{en2[b]} {word_en[s]}" for a, b, s in triples],
            [f"{zh[a]}{zh[b]}{word_zh[s]}" for a, b, s in triples])


def _numbers(rng: np.random.Generator, market: Market, known: list[str],
             count: int) -> list[str]:
    """`count` distinct codes of `market` in its boards (by their shares), none of the
    `known` ones; in a random order (the names were drawn in sector order)."""
    taken = {int(parse_code(c).symbol) for c in known}
    boards = BOARDS[market]
    wanted = [round(count * share) for _, share in boards]
    wanted[-1] = count - sum(wanted[:-1])
    picked = []
    for ((lo, hi), _), k in zip(boards, wanted, strict=True):
        pool = np.arange(lo, hi + 1)
        pool = pool[~np.isin(pool, list(taken))]
        picked.append(rng.choice(pool, k, replace=False))
    numbers = rng.permutation(np.concatenate(picked))
    width = 5 if market is Market.HK else 6
    prefix = market.value
    return [f"{prefix}.{n:0{width}d}" for n in numbers.tolist()]


def _tickers(names_en: list[str], known: list[str]) -> list[str]:
    """A ticker for each made-up US stock from its name's letters (NORC for Norcal
    Software), unique, none of the `known` ones."""
    used = {parse_code(c).symbol for c in known}
    out = []
    for name in names_en:
        letters = name.split(" ", 1)[0].upper()
        tries = [letters[:4], letters[:3], letters[:5], letters[:2] + letters[-2:],
                 letters[:3] + letters[-1], letters[:6]]
        ticker = next((t for t in tries if t not in used), None)
        if ticker is None:
            ticker = next(letters[:3] + a + b for a in _ALPHABET for b in _ALPHABET
                          if letters[:3] + a + b not in used)
        used.add(ticker)
        out.append(f"US.{ticker}")
    return out


_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
