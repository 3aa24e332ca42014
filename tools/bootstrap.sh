#!/usr/bin/env bash
# Set up FlowDeck on a fresh Debian machine and run it or its tests.
#   bash tools/bootstrap.sh run [flowdeck args...]   install, then start FlowDeck (simulator)
#   bash tools/bootstrap.sh test [pytest args...]    install, then ruff, lint-imports, pytest
#                                                    (in-process tiers on 2 cores, then e2e),
#                                                    then build the bundle and smoke-test it
# Idempotent: Debian packages already present and an up-to-date venv are not reinstalled.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$here"
mode="${1:-run}"; shift || true
venv="${FLOWDECK_VENV:-$here/.venv}"

# What Qt needs to start (offscreen and xcb), a real X server for the window tests,
# a tray for the tray tests, and a font with Chinese glyphs.
debs=(libegl1 libgl1 libx11-6 libdbus-1-3 libfontconfig1 libfreetype6 libglib2.0-0
      libxkbcommon0 xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
      libxcb-render-util0 libxcb-shape0 libxcb-xkb1 libxkbcommon-x11-0 fonts-wqy-microhei
      trayer)
python3 -c 'import ensurepip, venv' 2>/dev/null || debs+=(python3-venv python3-pip)
# The bundle build (test mode): binutils strips debug sections, gcc builds the trimmed
# ICU data library.
[ "$mode" = "test" ] && debs+=(binutils gcc)
# The keyring test (tests/storage/test_keyring_e2e.py): a session bus and the Secret
# Service of GNOME's keyring, which the channels' secrets go to on a Linux desktop.
[ "$mode" = "test" ] && debs+=(dbus-daemon gnome-keyring)

missing=()
for p in "${debs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "bootstrap: installing Debian packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

extras="."
[ "$mode" = "test" ] && extras=".[dev]"
stamp="$venv/.flowdeck-installed"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ] || ! grep -qx "$extras" "$stamp"; then
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q -e "$extras"
  echo "$extras" > "$stamp"
fi

case "$mode" in
  run)
    echo "bootstrap: FlowDeck is in $venv; in a terminal: source $venv/bin/activate," \
         "then flowdeck --help (or $venv/bin/flowdeck ...)"
    exec "$venv/bin/flowdeck" "$@"
    ;;
  test)
    "$venv/bin/ruff" check .
    "$venv/bin/lint-imports"
    if [ "$#" -gt 0 ]; then
      # Pytest arguments select tests: then the bundle is not the point of the run.
      exec "$venv/bin/python" -m pytest -q "$@"
    fi
    # Every tier: the in-process tests on both cores (pytest-xdist), then the e2e
    # drills one at a time, since their timings and display servers must not compete
    # (CI's 15 minutes: in one process the tests alone took 773 s at issue 23).
    failed=0
    "$venv/bin/python" -m pytest -q -m "not e2e" -n 2 || failed=1
    "$venv/bin/python" -m pytest -q -m e2e || failed=1
    [ "$failed" -eq 0 ] || exit 1
    "$venv/bin/python" packaging/build.py
    ;;
  *)
    echo "usage: bash tools/bootstrap.sh run|test [args...]" >&2
    exit 2
    ;;
esac
