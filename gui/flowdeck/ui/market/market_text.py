"""The Market view's words: the markets, periods and orders a trader picks, the columns'
headers, and the sentence that says what is ranked. Field names are the live table's
(table.columns labels them from the core's field metadata in three languages)."""

from __future__ import annotations

import math

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ...core.currency import Rates
from ...core.ranking import PERIODS, RankRequest
from ...core.ranking_currency import mixed
from ...core.records import FIELD_BY_KEY
from ...feeds.base import ScopeFacts
from ..table.columns import COLUMN_INDEX, COLUMNS

_CONTEXT = "MarketText"
MARKETS = {"HK": QT_TRANSLATE_NOOP("MarketText", "Hong Kong"),
           "US": QT_TRANSLATE_NOOP("MarketText", "US"),
           "SH": QT_TRANSLATE_NOOP("MarketText", "Shanghai"),
           "SZ": QT_TRANSLATE_NOOP("MarketText", "Shenzhen"),
           "A": QT_TRANSLATE_NOOP("MarketText", "A-shares (SH + SZ)"),
           "ALL": QT_TRANSLATE_NOOP("MarketText", "All markets")}
PERIOD_TEXT = {"today": QT_TRANSLATE_NOOP("MarketText", "Today"),
               "3d": QT_TRANSLATE_NOOP("MarketText", "3 days"),
               "5d": QT_TRANSLATE_NOOP("MarketText", "5 days"),
               "10d": QT_TRANSLATE_NOOP("MarketText", "10 days"),
               "20d": QT_TRANSLATE_NOOP("MarketText", "20 days")}
ORDER_TEXT = {"desc": QT_TRANSLATE_NOOP("MarketText", "Top (largest first)"),
              "asc": QT_TRANSLATE_NOOP("MarketText", "Bottom (smallest first)")}
assert set(PERIOD_TEXT) == set(PERIODS)


# lupdate finds only literal texts in calls named tr or translate.
translate = QCoreApplication.translate


def word(text: str) -> str:
    """One of the texts above (MARKETS, PERIOD_TEXT, ORDER_TEXT) in the language spoken."""
    return translate(_CONTEXT, text)


def field_label(key: str, lang: str, short: bool = False) -> str:
    """A record field's name as the live table writes it ("Main net inflow")."""
    column = COLUMNS[COLUMN_INDEX[key]]
    return column.short(lang) if short else column.label(lang)


def header(kind: str) -> str:
    """A header that is not a field's: rank, code, name, price, change %, sparkline,
    sector, members."""
    if kind == "rank":
        return translate("MarketText", "#")
    if kind == "code":
        return translate("MarketText", "Code")
    if kind == "name":
        return translate("MarketText", "Name")
    if kind == "last":
        return translate("MarketText", "Last")
    if kind == "change_ratio":
        return translate("MarketText", "Chg %")
    if kind == "spark":
        return translate("MarketText", "Main today")
    if kind == "sector":
        return translate("MarketText", "Sector")
    return translate("MarketText", "Members")


def codes_text(count: int, market: str) -> str:
    """The codes ranked: "2600 Hong Kong codes"; over every market "11700 codes of all
    markets" (the market's own word, "All markets", is the combo's, not a phrase's)."""
    if market == "ALL":
        return translate("MarketText", "{count} codes of all markets").format(count=count)
    return translate("MarketText", "{count} {market} codes").format(
        count=count, market=word(MARKETS[market]))


def scope_text(ranked: int, market: str, scope: str, known: int) -> str:
    """What the ranking covers: "Ranks watchlist “Default”: 12 Hong Kong codes (10 with
    a value)"; `scope` is one of the *_scope texts below."""
    text = translate("MarketText", "Ranks {scope}: {codes} ({known} with a value)")
    return text.format(scope=scope, codes=codes_text(ranked, market), known=known)


def watchlist_scope(name: str) -> str:
    return translate("MarketText", "watchlist “{name}”").format(name=name)


def no_archive_text(period: str) -> str:
    text = translate("MarketText",
                     "{period} rankings need the flow history: no archive is open")
    return text.format(period=word(PERIOD_TEXT[period]))


def period_problem(why: str, period: str, failure: str = "") -> str:
    """Why nothing is ranked over `period` (archive_periods' CLOSED, READING, NO_DAYS,
    FAILED with its `failure`)."""
    if why == "closed":
        return no_archive_text(period)
    if why == "failed":
        text = translate("MarketText", "{period} rankings: the flow history cannot be read "
                                       "({error}); read again at its next update")
        return text.format(period=word(PERIOD_TEXT[period]), error=failure)
    if why == "reading":
        text = translate("MarketText", "Reading {period} from the flow history…")
    else:
        text = translate("MarketText", "{period} rankings need past days: no code ranked "
                                       "here has a day before today in the flow history "
                                       "(follow codes, or File > Fill past days)")
    return text.format(period=word(PERIOD_TEXT[period]))


def period_header(label: str, request: RankRequest, covered: int, own: bool = False) -> str:
    """The ranked value's header: "Main net 5d", "Main net 5d (3 of 5 days)" when the
    archive covered fewer days than the period (`covered`, today included), "Main net
    5d, East Money's" when `own`: the source's own numbers, not the flow history's."""
    if request.days == 1:
        return label
    if own:
        return translate("MarketText", "{label} {period}, East Money's").format(
            label=label, period=request.period)
    if covered >= request.days:
        return f"{label} {request.period}"
    return translate("MarketText", "{label} {period} ({covered} of {days} days)").format(
        label=label, period=request.period, covered=covered, days=request.days)


def sectors_text(sectors: int, market: str, codes: int, scope: str) -> str:
    """What the sectors' ranking covers (today's flows: the archive keeps codes); none
    known (a replay without a names.csv giving them): says so."""
    if sectors == 0:
        return translate("MarketText", "No sectors known for {scope}").format(scope=scope)
    text = translate("MarketText", "Ranks the sectors of {scope} on today's flows: "
                                   "{sectors} sectors, {codes}")
    return text.format(scope=scope, sectors=sectors, codes=codes_text(codes, market))


def boards_text(boards: int, loading: bool = False, error: str = "") -> str:
    """What the Sectors tab ranks when it shows a source's own concept boards (none
    yet: being asked for, or why the list failed)."""
    if loading:
        return translate("MarketText", "Asking East Money for its concept boards…")
    if not boards and error:
        return translate("MarketText", "East Money's concept boards: {error}; asked again "
                                       "in a minute").format(error=error)
    return translate("MarketText", "Ranks East Money's {boards} concept boards by their own "
                                   "flows (a stock is in several; double-click one for its "
                                   "members)").format(boards=boards)


def boards_period_text(period: str) -> str:
    """Why concept boards rank nothing over a period."""
    return translate("MarketText", "Concept boards rank today's flows only, not {period}"
                     ).format(period=word(PERIOD_TEXT[period]))


def sectors_period_text(sectors: int, market: str, codes: int, known: int, scope: str,
                        period: str) -> str:
    """What the sectors' ranking over a period covers: the members with past days."""
    text = translate("MarketText", "Ranks the sectors of {scope} over {period}: {sectors} "
                                   "sectors, {codes} ({known} with past days in the flow "
                                   "history)")
    return text.format(scope=scope, period=word(PERIOD_TEXT[period]), sectors=sectors,
                       codes=codes_text(codes, market), known=known)


def followed_scope() -> str:
    """The scope when the window ranks the codes it follows and no watchlist is named."""
    return translate("MarketText", "the followed codes")


def covered_scope(covers: str) -> str:
    """The scope of a source's whole table by what it covers (feeds.market_table's
    `covers`): the simulator's whole market, a replay's file, a gateway's market, East
    Money's A-share list, or the selection a source polls (its own line below says
    which)."""
    if covers == "simulated":
        return translate("MarketText", "the whole simulated market")
    if covers == "file":
        return translate("MarketText", "the codes in the replay file")
    if covers == "gateway":
        return translate("MarketText", "the gateway's whole market")
    if covers == "eastmoney":
        return translate("MarketText", "East Money's A-share list")
    return translate("MarketText", "the source's selection")


def source_scope_text(facts: ScopeFacts) -> str:
    """What a source told what to rank polls for it (futu://): "your watchlists +
    plates Tech, Banks (1 of 2 loaded), 12 codes"; more than 3 plates by their count."""
    parts = [translate("MarketText", "your watchlists")] if facts.watchlists else []
    plates = facts.plates
    if plates:
        if len(plates) > 3:
            part = translate("MarketText", "{count} plates").format(count=len(plates))
        elif len(plates) > 1:
            part = translate("MarketText", "plates {names}").format(
                names=translate("MarketText", ", ").join(plates))
        else:
            part = translate("MarketText", "plate {name}").format(name=plates[0])
        if facts.plates_loaded < len(plates):
            part += translate("MarketText", " ({loaded} of {count} loaded)").format(
                loaded=facts.plates_loaded, count=len(plates))
        parts.append(part)
    what = " + ".join(parts) or translate("MarketText", "the followed codes")
    if facts.codes == 1:
        return translate("MarketText", "{what}, 1 code").format(what=what)
    return translate("MarketText", "{what}, {count} codes").format(what=what,
                                                                   count=facts.codes)


def archived_period_text(known: int, count: int, market: str, period: str) -> str:
    """A period over a whole market: only the codes the archive has past days of."""
    text = translate("MarketText", "Over {period}: the {known} of {codes} with past days "
                                   "in the flow history (codes you followed)")
    return text.format(period=word(PERIOD_TEXT[period]), known=known,
                       codes=codes_text(count, market))


def missing_rates_text(missing: dict[str, int], ratio: bool) -> str:
    """Over every market, the currencies without a rate (code -> its codes): left out of
    an amount's ranking, their amounts unknown beside a ratio."""
    currencies, count = ", ".join(missing), sum(missing.values())
    text = (translate("MarketText", "No rate for {currencies} in Settings: the amounts of "
                                    "their {count} codes are unknown here") if ratio
            else translate("MarketText", "No rate for {currencies} in Settings: their "
                                         "{count} codes are not ranked"))
    return text.format(currencies=currencies, count=count)


def base_of(request: RankRequest, rates: Rates | None, key: str) -> str | None:
    """The currency field `key` is shown in when `request` spans currencies (ALL): the
    base; None for a ratio or one market's own amounts."""
    if FIELD_BY_KEY[key].kind == "ratio" or not mixed(request.markets):
        return None
    return (rates or Rates()).base


def in_currency(label: str, currency: str | None) -> str:
    """An amount's header over every market: "Main net (HKD)"."""
    return f"{label} ({currency})" if currency else label


def number_tip(value: float, ratio: bool, own: str, base: str | None = None,
               native: float | None = None) -> str | None:
    """A number cell's tooltip (a stock's or a sector's): a ratio to four decimals of a
    percent; an amount to the cent in its own currency `own`, or over every market in
    the `base` beside `native`, the amount as it was ("1,560.00 HKD (200.00 USD)")."""
    if ratio:
        return f"{value * 100:.4f}%" if math.isfinite(value) else None
    mine = f"{{:,.2f}} {own}"
    if base is None or native is None:
        return mine.format(value) if math.isfinite(value) else None
    if not math.isfinite(native):
        return None
    if not math.isfinite(value):  # no rate for its currency
        return mine.format(native)
    return f"{value:,.2f} {base} ({mine.format(native)})"


def age_text(seconds: float) -> str:
    """A row's age where the source polls (futu://): how old its numbers are."""
    return translate("MarketText", "Updated {seconds} s ago").format(seconds=round(seconds))
