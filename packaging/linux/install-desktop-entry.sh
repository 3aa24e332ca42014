#!/bin/sh
# Make FlowDeck appear in the desktop's application menu for this user: the desktop entry
# (pointing at this unpacked bundle) and its icon under ~/.local/share. Run it again after
# moving the bundle; `--remove` takes both away.
set -eu
here="$(cd "$(dirname "$0")" && pwd)"
data="${XDG_DATA_HOME:-$HOME/.local/share}"
entry="$data/applications/flowdeck.desktop"
icon="$data/icons/hicolor/256x256/apps/flowdeck.png"
if [ "${1:-}" = "--remove" ]; then
  rm -f "$entry" "$icon"
  echo "removed $entry and $icon"
  exit 0
fi
mkdir -p "$(dirname "$entry")" "$(dirname "$icon")"
cp "$here/flowdeck.png" "$icon"
sed "s|^Exec=flowdeck$|Exec=\"$here/flowdeck\"|" "$here/flowdeck.desktop" > "$entry"
command -v update-desktop-database >/dev/null 2>&1 && update-desktop-database "$data/applications" || true
echo "installed $entry (runs $here/flowdeck) and $icon"
