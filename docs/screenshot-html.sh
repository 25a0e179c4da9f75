#!/usr/bin/env bash
# Render the HTML report of a plan and take a screenshot of it with headless Chromium.
#
#   docs/screenshot-html.sh [PLAN] [PNG]
#
# PLAN defaults to examples/gaps.yaml and PNG to docs/html-report.png. Set KEEP_HTML=1
# to keep the rendered page next to the PNG (same name, .html). Runs offline: the page
# needs no network, and Chromium gets a throw-away profile.
# Installs Debian's chromium with apt-get when it is missing (needs root).
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
if [ $# -eq 0 ]; then
  cd "$here"  # so that the report shows the plan as examples/gaps.yaml
fi
plan="${1:-examples/gaps.yaml}"
png="${2:-$here/docs/html-report.png}"
mkdir -p "$(dirname "$png")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
html="$work/report.html"
python="${PYTHON:-$here/.venv/bin/python}"
[ -x "$python" ] || python="python3"

if ! command -v chromium >/dev/null 2>&1; then
  if [ "$(id -u)" -ne 0 ]; then
    echo "chromium is not installed; run: sudo apt-get update && sudo apt-get install -y chromium" >&2
    exit 2
  fi
  apt-get update && apt-get install -y chromium
fi

"$python" -m leadcheck audit "$plan" -f html -o "$html" --fail-on never

rm -f "$png"
chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
  --no-first-run --disable-component-update --disable-sync \
  --user-data-dir="$work/profile" --hide-scrollbars \
  --screenshot="$png" --window-size=1200,1800 "file://$(realpath "$html")" 2>/dev/null
if [ ! -s "$png" ]; then
  echo "chromium wrote no screenshot to $png" >&2
  exit 1
fi
if [ "${KEEP_HTML:-0}" = 1 ]; then
  cp "$html" "${png%.png}.html"
fi
echo "wrote $png"
