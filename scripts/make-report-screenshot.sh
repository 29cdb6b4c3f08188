#!/usr/bin/env bash
# Makes docs/replay-report.png, the README's picture of the HTML report: builds the report of the sample replay the
# rendering tests check (scripts/report-sample: five sessions, three policies, no database needed) and photographs
# it with headless Chromium. Nothing in the report depends on the clock or the machine, so a run with unchanged code
# gives the same page; the PNG may still differ by font rendering between machines.
# Usage: scripts/make-report-screenshot.sh [OUT.png]   (default docs/replay-report.png)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="${1:-$root/docs/replay-report.png}"
chromium="${CHROMIUM:-/usr/bin/chromium}"
if [ ! -x "$chromium" ]; then
    echo "error: headless Chromium not found at \"$chromium\"" >&2
    echo "hint: Install it with \"sudo apt-get install chromium\" (or scripts/install-prerequisites.sh --tests)." >&2
    exit 1
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

dotnet run --project "$root/scripts/report-sample" -c Release -- html "$work/replay-report.html"

# A window as wide as a laptop screen and tall enough for the summary, the matrix and the first trees.
"$chromium" --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars \
    --user-data-dir="$work/profile" --force-device-scale-factor=1 --window-size=1280,1500 \
    --screenshot="$work/replay-report.png" "file://$work/replay-report.html" 2>/dev/null

mkdir -p "$(dirname "$out")"
cp "$work/replay-report.png" "$out"
echo "wrote $out"
