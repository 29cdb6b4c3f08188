#!/usr/bin/env bash
# Runs every TraceLab test: the .NET unit and integration tests and the probe's pg_regress suite, against a
# private PostgreSQL 15 cluster with the probe loaded (state under .tracelab-test/, never the demo's .tracelab/).
# The cluster is started here and stopped on exit. The last line is the summary "N passed, N failed[, N skipped]".
set -uo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
results="$root/artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

passed=0
failed=0
skipped=0
summary() {
    if [ "$skipped" -gt 0 ]; then
        echo "$passed passed, $failed failed, $skipped skipped"
    else
        echo "$passed passed, $failed failed"
    fi
}

"$root/scripts/install-prerequisites.sh" --tests || { failed=1; summary; exit 1; }

export TRACELAB_HOME="$root/.tracelab-test"
export CI="${CI:-true}"
if ! ./tracelab up; then
    echo "error: could not start the test cluster" >&2
    failed=1
    summary
    exit 1
fi
trap './tracelab down >/dev/null 2>&1 || true' EXIT
eval "$(./tracelab status --format env)"
export TRACELAB_TEST_DB="$TRACELAB_CONNECTION"
export TRACELAB_TEST_SPOOL="$TRACELAB_SPOOL"
export TRACELAB_TEST_SOCKET="$PGHOST"
export TRACELAB_TEST_PORT="$PGPORT"

# The probe's own regression suite (pg_regress via PGXS) against the running cluster. Its tests install the
# probe with CREATE EXTENSION, so the extension's control and script files go where PostgreSQL looks for them
# (the server loads the library itself from the cluster's private library directory).
regress_out="$results/probe-installcheck.log"
if make -C src/Recorder/Probe install PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config with_llvm=no \
        >"$results/probe-install.log" 2>&1 \
    && make -C src/Recorder/Probe installcheck PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config with_llvm=no \
        >"$regress_out" 2>&1; then
    n=$(grep -Eo 'All [0-9]+ tests passed' "$regress_out" | grep -Eo '[0-9]+' || echo 0)
    passed=$((passed + ${n:-0}))
    echo "probe regression tests: ${n:-0} passed"
else
    cat "$results/probe-install.log" "$regress_out" >&2 2>/dev/null
    [ -f src/Recorder/Probe/regression.diffs ] && cat src/Recorder/Probe/regression.diffs >&2
    f=$(grep -Eo '[0-9]+ of [0-9]+ tests failed' "$regress_out" | head -n1)
    nf=$(echo "$f" | awk '{print $1}')
    nt=$(echo "$f" | awk '{print $3}')
    failed=$((failed + ${nf:-1}))
    passed=$((passed + ${nt:-0} - ${nf:-0}))
    echo "probe regression tests failed" >&2
fi

# .NET tests: one TRX file per test project; the counters are summed below.
dotnet test TraceLab.sln --nologo --logger "trx" --results-directory "$results" 2>&1 | tee "$results/dotnet-test.log"
status=${PIPESTATUS[0]}
trx_count=$(find "$results" -name '*.trx' | wc -l)
if [ "$trx_count" -eq 0 ]; then
    echo "error: no test results were written (did the build fail?)" >&2
    failed=$((failed + 1))
fi
for trx in $(find "$results" -name '*.trx'); do
    counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
    get() { echo "$counters" | grep -o " $1=\"[0-9]*\"" | grep -o '[0-9]*'; }
    passed=$((passed + $(get passed)))
    failed=$((failed + $(get failed) + $(get error) + $(get timeout) + $(get aborted)))
    skipped=$((skipped + $(get notExecuted)))
done
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
    failed=1
fi

summary
[ "$failed" -eq 0 ]
