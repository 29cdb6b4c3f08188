#!/usr/bin/env bash
# dotnet-publish.sh PROJECT OUT: compiles a .NET program into OUT as ./tracelab runs the CLI -- published ReadyToRun for
# this machine's architecture (compiled ahead of time, still framework-dependent), or a plain Release build where the
# architecture has no known runtime identifier. ReadyToRun halves a command's start-up (`tracelab sessions` 0.55 s
# instead of 0.95 s) and spares a replay its first seconds of compiling; ./tracelab and scripts/bench-ingest.sh use
# this one place, so that the benchmark times the code the CLI runs.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 PROJECT OUT" >&2; exit 2; }
project="$1" out="$2"
case "$(uname -m)" in
    x86_64) rid=linux-x64 ;;
    aarch64|arm64) rid=linux-arm64 ;;
    *) rid="" ;;
esac
if [ -n "$rid" ]; then
    exec dotnet publish "$project" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true \
        -o "$out" --nologo -v quiet
fi
exec dotnet build "$project" -c Release -o "$out" --nologo -v quiet
