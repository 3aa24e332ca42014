"""The language the window speaks: which one (the setting, else the system's) and the Qt
translators that make the widgets speak it.

FlowDeck's own messages come from `resources/translations/flowdeck_<lang>.qm` (compiled
by `tools/translations.py build` from the .ts beside it), Qt's own (the OK and Cancel of
dialog buttons, a line edit's context menu) from Qt's `qtbase_<lang>.qm`. Installing or
removing a translator makes Qt post a LanguageChange event to every window, which passes
it on to its children; each widget that shows text sets it again then (a `retranslate()`
called from `changeEvent`), so a switch needs no restart. Texts are set again when the
event loop next runs, not during `apply_language`.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QT_TRANSLATE_NOOP, QCoreApplication, QLibraryInfo, QLocale, QTranslator

from ...core.codes import Market
from ...core.markets import zone_name
from ...storage.resources import resource_path

# What the window can speak; a setting of "auto" resolves to one of them.
LANGUAGES = ("en", "zh_CN", "zh_HK")
# Qt's catalogue per language. Qt ships Traditional Chinese as zh_TW only; its few words
# FlowDeck shows (OK, Cancel, Apply, Undo, Paste) are written the same in Hong Kong.
QT_CATALOGUES = {"zh_CN": "qtbase_zh_CN", "zh_HK": "qtbase_zh_TW"}
_TRADITIONAL_TERRITORIES = (QLocale.Country.HongKong, QLocale.Country.Taiwan,
                            QLocale.Country.Macao)
# Kept on the application object rather than in this module, so that a new
# QApplication (tests make one per session, the packaging probe another) starts clean.
_LANGUAGE_PROPERTY = "flowdeckLanguage"
_OWN = "flowdeckTranslator"
_QT = "qtTranslator"

log = logging.getLogger("flowdeck.i18n")


def language_for_locale(locale: QLocale) -> str:
    """"zh_CN" for Simplified Chinese (zh_CN, zh_SG, zh_Hans), "zh_HK" for Traditional
    (zh_HK, zh_TW, zh_MO, zh_Hant), "en" for anything else. The script decides where a
    locale names one: zh_Hans_HK is Simplified."""
    if locale.language() != QLocale.Language.Chinese:
        return "en"
    script = locale.script()
    if script == QLocale.Script.TraditionalHanScript:
        return "zh_HK"
    if script == QLocale.Script.SimplifiedHanScript:
        return "zh_CN"
    return "zh_HK" if locale.territory() in _TRADITIONAL_TERRITORIES else "zh_CN"


def resolve_language(setting: str, system: QLocale | None = None) -> str:
    """The language for a `[display] language` setting: itself when it names one, else
    (auto) the system's. The system's first UI language counts, not its formats' locale:
    on Windows and macOS a user may read English menus with Chinese number formats."""
    if setting in LANGUAGES:
        return setting
    locale = system if system is not None else QLocale.system()
    ui = locale.uiLanguages()
    return language_for_locale(QLocale(ui[0]) if ui else locale)


def amount_units(setting: str, lang: str | None = None) -> str:
    """How amounts are written for a units setting ("auto", "wan", "kmb") in `lang`
    (default: the language spoken): "kmb", "wan" (万/亿) or "wan_hant" (萬/億). Auto is
    万/亿 in Chinese, K/M/B otherwise; Hong Kong writes 萬/億."""
    lang = lang or current_language()
    units = setting if setting != "auto" else ("wan" if lang.startswith("zh") else "kmb")
    return "wan_hant" if units == "wan" and lang == "zh_HK" else units


def up_is_red(colors: str, market: Market, lang: str | None = None) -> bool:
    """Whether inflow shows red for a row of `market` under the colours setting, with
    the window speaking `lang` (default: the language spoken). "auto" is one convention
    for every row, chosen by the language: red up in Simplified Chinese (as on the
    mainland), green up in English and in Hong Kong's Traditional Chinese (Hong Kong's
    own quote screens draw rises green). "by-market" gives each row its home market's
    convention (red up for SH/SZ only), for those who ask for it."""
    if colors == "auto":
        return (lang or current_language()) == "zh_CN"
    if colors == "by-market":
        return market in (Market.SH, Market.SZ)
    return colors == "red-up"


# A time on screen names its clock. The core's abbreviations are ambiguous where it
# matters: "CST" is China's and the US Central's. So China's rows say "Beijing" in
# English (as "Beijing time" is said), and the Chinese windows name every clock by its
# city: 北京时间, 香港时间, 美东时间 (EST and EDT alike).
_ZONE_TEXTS = {"HKT": QT_TRANSLATE_NOOP("Zones", "HKT"),
               "EST": QT_TRANSLATE_NOOP("Zones", "EST"),
               "EDT": QT_TRANSLATE_NOOP("Zones", "EDT"),
               "Beijing": QT_TRANSLATE_NOOP("Zones", "Beijing")}


def zone_label(market: Market, local: object = None) -> str:
    """The name of `market`'s clock at an exchange-local time (as core.markets.zone_name
    takes it), in the language spoken: HKT, EST/EDT, Beijing; 香港时间, 美东时间, 北京时间."""
    name = "Beijing" if market in (Market.SH, Market.SZ) else zone_name(market, local)
    text = _ZONE_TEXTS.get(name)
    return QCoreApplication.translate("Zones", text) if text else name


def zone_labels() -> list[str]:
    """Every clock's name in the language spoken (what a time column must make room for)."""
    return [QCoreApplication.translate("Zones", text) for text in _ZONE_TEXTS.values()]


def own_catalogue(lang: str) -> Path:
    return resource_path("translations", f"flowdeck_{lang}.qm")


def qt_catalogue(lang: str) -> Path | None:
    """Qt's own translations for `lang`, None for English (Qt's source language) or
    when this Qt has none."""
    name = QT_CATALOGUES.get(lang)
    if name is None:
        return None
    folders = [Path(QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath))]
    try:  # a frozen bundle may not tell QLibraryInfo where PySide6's files went
        import PySide6
        package = Path(PySide6.__file__).parent
        folders += [package / "Qt" / "translations", package / "translations"]
    except (ImportError, TypeError):
        pass
    return next((f / f"{name}.qm" for f in folders if (f / f"{name}.qm").is_file()), None)


def current_language() -> str:
    """The language the translators installed speak ("en" before any)."""
    app = QCoreApplication.instance()
    lang = app.property(_LANGUAGE_PROPERTY) if app is not None else None
    return lang if lang in LANGUAGES else "en"


def apply_language(setting: str) -> str:
    """Speak the language of `setting` ("auto", "en", "zh_CN", "zh_HK") from now on and
    return it. Nothing happens when it is already the one spoken; otherwise the
    translators are replaced and every widget gets a LanguageChange event."""
    lang = resolve_language(setting)
    app = QCoreApplication.instance()
    if app is None or app.property(_LANGUAGE_PROPERTY) == lang:
        return lang
    for name in (_OWN, _QT):
        old = app.findChild(QTranslator, name)
        if old is not None:
            app.removeTranslator(old)
            old.setObjectName("")  # deleteLater is deferred: not found again meanwhile
            old.deleteLater()
    # The last installed is asked first: FlowDeck's words win over Qt's.
    for name, path in ((_QT, qt_catalogue(lang)), (_OWN, own_catalogue(lang))):
        if path is None:
            continue
        translator = QTranslator(app)
        translator.setObjectName(name)
        if translator.load(str(path)):
            app.installTranslator(translator)
        else:  # e.g. a wheel without the checkout's resources: English it is
            log.warning("no translations for %s at %s", lang, path)
            translator.deleteLater()
    app.setProperty(_LANGUAGE_PROPERTY, lang)
    return lang
