#!/usr/bin/env bash
# Regenerates the golden spool files the Recorder's unit tests read (tests/TraceLab.Recorder.Tests/Golden/):
# runs the demo on the embedded cluster and copies the spool files of its three sessions. Run it after a
# change to the probe's frames, review the test failures it causes, and commit the new files with the change.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
./tracelab demo >/dev/null
eval "$(./tracelab status --format env)"
golden="tests/TraceLab.Recorder.Tests/Golden"
mkdir -p "$golden"
# The demo's sessions are the newest three whose application_name starts with tracelab-demo:.
./tracelab sessions --format json \
    | grep -E '"(session|application_name)"' \
    | paste - - \
    | sed -E 's/.*"session": "([^"]+)".*"application_name": "tracelab-demo:([^"]+)".*/\1 \2/;t;d' \
    | tail -n 3 \
    | while read -r session name; do
        install -m 0644 "$TRACELAB_SPOOL/$session.tlspool" "$golden/$name.tlspool"
        echo "$golden/$name.tlspool <- $session"
    done
