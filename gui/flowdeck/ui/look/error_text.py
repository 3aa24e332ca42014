"""Error messages in the language spoken. The core and the feeds say what is wrong in
English (the API's and the logs' language) and carry a `reason` and its `params`
(core.errors.FlowDeckError); the window says it again from those, translated. An error
with no reason known here (a watchlist name, a replay file) is shown as its English
message, after a translated word for its kind in Chinese."""

from __future__ import annotations

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication

from ...core.codes import normalise_code, recognise_code
from ...core.errors import ErrorCode, FlowDeckError
from .i18n import current_language

# lupdate finds only literal texts in calls named tr or translate.
translate = QCoreApplication.translate
_CONTEXT = "ErrorText"
_TEXTS = {
    "code.not_text": QT_TRANSLATE_NOOP("ErrorText", "stock code must be a string, got {text}"),
    "code.not_ascii": QT_TRANSLATE_NOOP(
        "ErrorText", "invalid stock code {text}: codes are ASCII letters, digits and dots, "
                     "such as HK.00700"),
    "code.format": QT_TRANSLATE_NOOP(
        "ErrorText", "invalid stock code {text}: expected MARKET.SYMBOL such as HK.00700"),
    "code.symbol.HK": QT_TRANSLATE_NOOP(
        "ErrorText", "invalid stock code {text}: HK symbols are 1-5 digits"),
    "code.symbol.US": QT_TRANSLATE_NOOP(
        "ErrorText", "invalid stock code {text}: US tickers are 1-6 letters with an optional "
                     "class suffix such as .B"),
    "code.symbol.SH": QT_TRANSLATE_NOOP(
        "ErrorText", "invalid stock code {text}: SH symbols are exactly 6 digits"),
    "code.symbol.SZ": QT_TRANSLATE_NOOP(
        "ErrorText", "invalid stock code {text}: SZ symbols are exactly 6 digits"),
    "code.wrong_market": QT_TRANSLATE_NOOP("ErrorText", "code {text} is not in market {market}"),
    "code.duplicate": QT_TRANSLATE_NOOP("ErrorText", "{code} is already in the list"),
    "market.unknown": QT_TRANSLATE_NOOP("ErrorText",
                                        "unknown market {market}; expected one of {names}"),
    "source.empty": QT_TRANSLATE_NOOP("ErrorText", "the source is empty"),
    "source.unknown": QT_TRANSLATE_NOOP("ErrorText", "unknown source {url}; known: {known}"),
    "source.futu_missing": QT_TRANSLATE_NOOP(
        "ErrorText", "the futu:// source needs the futu-api package, which is not installed; "
                     "install it with: {hint}"),
    "source.futu_frozen": QT_TRANSLATE_NOOP(
        "ErrorText", "this FlowDeck bundle was built without the futu:// source; use a "
                     "FlowDeck bundle built with the Futu option (python packaging/build.py "
                     "--futu)"),
    "source.unknown_option": QT_TRANSLATE_NOOP(
        "ErrorText", "{scheme}: unknown option {option}; known options: {known}"),
    "source.bad_port": QT_TRANSLATE_NOOP(
        "ErrorText", "{scheme}: bad port in {url}; expected a number 1-65535 as in {example}"),
    "source.no_host": QT_TRANSLATE_NOOP("ErrorText",
                                        "{scheme}: no host in {url}; expected e.g. {example}"),
    "source.no_port": QT_TRANSLATE_NOOP("ErrorText",
                                        "{scheme}: no port in {url}; expected e.g. {example}"),
    "source.path": QT_TRANSLATE_NOOP(
        "ErrorText", "{scheme}: unexpected path {path} in {url}; expected e.g. {example}"),
    "source.seconds": QT_TRANSLATE_NOOP(
        "ErrorText", "{scheme}: {name} must be a number of seconds > 0, got {value}"),
    "source.positive": QT_TRANSLATE_NOOP("ErrorText",
                                         "{scheme}: {name} must be a number > 0, got {value}"),
    "source.integer": QT_TRANSLATE_NOOP("ErrorText",
                                        "{scheme}: {name} must be an integer, got {value}"),
    "source.eastmoney_rate": QT_TRANSLATE_NOOP(
        "ErrorText", "eastmoney: rate must be a number of requests a second, more than 0 and "
                     "at most {limit}, got {value}"),
    "source.eastmoney_tls": QT_TRANSLATE_NOOP("ErrorText",
                                              "eastmoney: tls must be 0 or 1, got {value}"),
    "source.eastmoney_tls_host": QT_TRANSLATE_NOOP(
        "ErrorText", "eastmoney: tls applies to a HOST:PORT only, as in {example}"),
}
_KINDS = {ErrorCode.INVALID_PARAM: QT_TRANSLATE_NOOP("ErrorText", "Invalid value: {message}"),
          ErrorCode.INVALID_CODE: QT_TRANSLATE_NOOP("ErrorText", "Invalid code: {message}"),
          ErrorCode.GET_CAPITAL_FLOW_FAILED: QT_TRANSLATE_NOOP("ErrorText",
                                                               "Source failed: {message}")}


def error_text(error: FlowDeckError) -> str:
    """`error` in the language spoken, from its reason and params."""
    key = error.reason
    if key == "code.symbol":
        key = f"code.symbol.{error.params.get('market')}"
    text = _TEXTS.get(key)
    if text is not None:
        try:
            return translate(_CONTEXT, text).format(**error.params)
        except (KeyError, IndexError, ValueError):  # a translation naming other params
            pass
    if current_language() == "en":
        return error.message
    return translate(_CONTEXT, _KINDS[error.code]).format(message=error.message)


def code_problem_text(token: str, message: str | None) -> str:
    """What is wrong with a code as typed or pasted, in the language spoken: the parser
    is asked again for its error (its reason and params), or the code is valid and
    `message` is the watchlist's "already in the list". Empty when nothing is wrong."""
    if not message:
        return ""
    code = recognise_code(token)  # as the watchlist reads it (600519 is SH.600519)
    if code is None:
        try:
            code = normalise_code(token)
        except FlowDeckError as exc:
            return error_text(exc)
    return translate(_CONTEXT, _TEXTS["code.duplicate"]).format(code=code)
