#!/usr/bin/env bash
# Downloads ESC-50 (CC BY-NC 3.0; its ESC-10 subset is CC BY 3.0) into data/ESC-50-master,
# where the trainer looks by default. Needs the internet; about 600 MB.
# Usage: tools/fetch-esc50.sh [TARGET_DIR]
set -euo pipefail
cd "$(dirname "$0")/.."
target="${1:-data}"
url="https://github.com/karolpiczak/ESC-50/archive/refs/heads/master.zip"

if [ -f "$target/ESC-50-master/meta/esc50.csv" ]; then
    echo "ESC-50 is already at $target/ESC-50-master"; exit 0
fi
command -v unzip >/dev/null || { echo "fetch-esc50: needs 'unzip' (apt-get install unzip)" >&2; exit 1; }
mkdir -p "$target"
tmp="$(mktemp "$target/esc50.XXXXXX.zip")"
trap 'rm -f "$tmp"' EXIT
echo "Downloading $url ..."
if command -v curl >/dev/null; then curl -fL --retry 3 -o "$tmp" "$url"; else wget -O "$tmp" "$url"; fi
unzip -q "$tmp" -d "$target"
n=$(ls "$target/ESC-50-master/audio" | wc -l)
echo "ESC-50 is at $target/ESC-50-master ($n clips). Train with: dotnet run -c Release --project trainer -- study"
