#!/usr/bin/env bash
# Issue 5's replay benchmark: appends a synthetic trace (EVENTS events in sessions of 100,000, reused while the scratch
# schema holds the same sessions) to a Marten event store, then alternately reads every event through the CLI's
# reader without evaluating and replays it under the whole built-in catalog, each measurement in its own process, and
# prints both rates, their ratio (target >= 0.70) and the replay's peak memory (target < 300 MB at 10,000,000 events).
# Uses the dev cluster (./tracelab up, started here if needed) unless TRACELAB_CONNECTION is set.
# Usage: scripts/bench-replay.sh [EVENTS] [ROUNDS]   (defaults: 2000000 2; the memory target is checked at 10000000)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
events="${1:-2000000}"
rounds="${2:-2}"
if [ -z "${TRACELAB_CONNECTION:-}" ]; then
    "$root/tracelab" status 2>/dev/null | grep -q '^state *running' || "$root/tracelab" up >&2
    eval "$("$root/tracelab" status --format env)"
fi
export TRACELAB_CONNECTION
dotnet build "$root/bench/TraceLab.Benchmarks/TraceLab.Benchmarks.csproj" -c Release --nologo -v quiet >&2
exec dotnet "$root/bench/TraceLab.Benchmarks/bin/Release/net10.0/TraceLab.Benchmarks.dll" replay "$events" "$rounds"
