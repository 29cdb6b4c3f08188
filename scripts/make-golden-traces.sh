#!/usr/bin/env bash
# Regenerates the catalogue's recorded traces (scenarios/recorded/), which the Replayer's unit tests read and
# `tracelab policies suggest` replays to show what a suggested policy no longer blocks: runs the scenario catalogue
# (or the scenario files given) on the embedded cluster with `tracelab suite run --keep`, exports each scenario's
# recorded sessions with `tracelab export` to scenarios/recorded/<attacks|benign>/<id>.tltrace, records the
# scenario file's SHA-256 in scenarios/recorded/MANIFEST (sha256sum's format: the tests refuse a trace whose scenario changed
# since it was recorded), and drops the databases and roles the run kept.
#
# Run it after a change to the probe's frames or to a scenario, review the test failures it causes, and commit the
# new traces with the change. A scenario whose outcome no longer matches its expectation is still exported (the
# tests then show the mismatch); a scenario that could not run is not, and the script exits 1.
#
# Usage: scripts/make-golden-traces.sh [SCENARIO.sql…]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
golden="scenarios/recorded"
manifest="$golden/MANIFEST"
if [ "$#" -eq 0 ]; then
    set -- scenarios/attacks scenarios/benign
fi

./tracelab up >/dev/null
eval "$(./tracelab status --format env)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

status=0
./tracelab suite run "$@" --keep -q -f json -o "$work/suite.json" || status=$?
case "$status" in
    0) ;;
    4) echo "warning: some scenarios do not match their expectations; their traces are written all the same" >&2 ;;
    1) echo "warning: some scenarios could not run; they get no trace" >&2 ;;
    *) echo "error: tracelab suite run exited with status $status" >&2; exit "$status" ;;
esac

# One line per scenario: path, database, role prefix, session ids (the JSON is indented, one field per line).
awk '
    /^      "path": /        { path = $2; gsub(/[",]/, "", path) }
    /^      "database": /    { database = $2; gsub(/[",]/, "", database) }
    /^      "role_prefix": / { prefix = $2; gsub(/[",]/, "", prefix) }
    /^          "session": / { session = $2; gsub(/[",]/, "", session); sessions = sessions " " session }
    /^    }/                 { if (path != "") print path, database, prefix sessions; path = ""; sessions = "" }
' "$work/suite.json" > "$work/scenarios"

touch "$manifest"
exported=0
while read -r path database prefix sessions; do
    kind="$(basename "$(dirname "$path")")"
    id="$(basename "$path" .sql)"
    if [ -n "$sessions" ]; then
        mkdir -p "$golden/$kind"
        # shellcheck disable=SC2086 # one argument per session id
        ./tracelab export $sessions -q -o "$golden/$kind/$id.tltrace" >/dev/null
        grep -v "  $path\$" "$manifest" > "$work/manifest" || true
        sha256sum "$path" >> "$work/manifest"
        sort -k2 "$work/manifest" > "$manifest"
        echo "$golden/$kind/$id.tltrace <- $sessions"
        exported=$((exported + 1))
    else
        echo "warning: $path recorded no session; its trace is left as it was" >&2
        status=1
    fi
    psql -X -q -v ON_ERROR_STOP=1 -d postgres >/dev/null <<SQL
DROP DATABASE IF EXISTS "$database" WITH (FORCE);
SELECT format('DROP ROLE %I', rolname) FROM pg_roles WHERE starts_with(rolname, '$prefix') \gexec
SQL
done < "$work/scenarios"

echo "exported $exported golden traces to $golden"
[ "$status" -ne 1 ]
