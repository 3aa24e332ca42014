"""FlowDeck's Qt translations: the .ts sources and the compiled .qm beside them in
resources/translations/ (both committed: neither a checkout nor the bundle needs Qt's
tools to run).

    python tools/translations.py update   # re-read the UI's messages into the .ts files
    python tools/translations.py build    # compile each .ts into its .qm

`update` runs pyside6-lupdate over gui/flowdeck/ui/**/*.py: new messages arrive untranslated
(type "unfinished"), translations of the messages still there are kept, and messages no
longer in the code are dropped. Translate the new ones (Qt Linguist, `pyside6-linguist`,
or any editor), then `build`. tests/ui/test_translations.py fails while a .ts misses a
message of the code or a translation, or a .qm is not what its .ts compiles to.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TRANSLATIONS = ROOT / "resources" / "translations"
SOURCES = ROOT / "gui" / "flowdeck" / "ui"
LANGUAGES = ("en", "zh_CN", "zh_HK")


def ts_path(lang: str, folder: Path = TRANSLATIONS) -> Path:
    return folder / f"flowdeck_{lang}.ts"


def qm_path(lang: str, folder: Path = TRANSLATIONS) -> Path:
    return folder / f"flowdeck_{lang}.qm"


def sources() -> list[Path]:
    return sorted(SOURCES.rglob("*.py"))


def tool(name: str) -> str:
    """`lupdate` or `lrelease`: the pyside6- wrapper beside this Python (a venv's bin),
    else the binary inside the PySide6 package, else one on PATH."""
    here = Path(sys.executable).parent
    candidates = [here / f"pyside6-{name}", here / f"pyside6-{name}.exe"]
    try:
        import PySide6
        package = Path(PySide6.__file__).parent
        candidates += [package / name, package / f"{name}.exe"]
    except ImportError:
        pass
    for candidate in candidates:
        if candidate.is_file():
            return str(candidate)
    found = shutil.which(f"pyside6-{name}") or shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: install PySide6-Essentials in this Python")
    return found


def update(folder: Path = TRANSLATIONS, languages: tuple[str, ...] = LANGUAGES,
           quiet: bool = False) -> None:
    """Refresh the .ts files of `folder` from the UI's sources. No source locations are
    written: an edit elsewhere in a file would otherwise change every .ts."""
    folder.mkdir(parents=True, exist_ok=True)
    command = [tool("lupdate"), *map(str, sources()), "-locations", "none", "-no-obsolete",
               "-ts", *(str(ts_path(lang, folder)) for lang in languages)]
    if quiet:
        command.insert(1, "-silent")
    subprocess.run(command, check=True)


def build(out: Path = TRANSLATIONS, languages: tuple[str, ...] = LANGUAGES,
          folder: Path = TRANSLATIONS, quiet: bool = False) -> list[Path]:
    """Compile `folder`'s .ts files into .qm files in `out`; returns them."""
    out.mkdir(parents=True, exist_ok=True)
    made = []
    for lang in languages:
        command = [tool("lrelease"), str(ts_path(lang, folder)), "-qm", str(qm_path(lang, out))]
        if quiet:
            command.insert(1, "-silent")
        subprocess.run(command, check=True)
        made.append(qm_path(lang, out))
    return made


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("command", choices=("update", "build"))
    args = parser.parse_args(argv)
    if args.command == "update":
        update()
    else:
        build()
    return 0


if __name__ == "__main__":
    sys.exit(main())
