#!/usr/bin/env bash
# Issue 10's ingest benchmark, on the embedded cluster (./tracelab up, started here if needed; TRACELAB_HOME picks
# another one).
#
# Default mode: records S seconds of real traffic (pgbench, 2 clients, `SELECT bench_fn(:aid)` where bench_fn is a
# PL/pgSQL function doing one SELECT) into spool files, copies them aside, and then, in one run, each measurement in a
# process of its own and a scratch schema of its own, rounds in rotating order:
#   - the Recorder's exactly-once path (what `tracelab record --once` does) next to Marten's own bulk insert of the
#     same frames (one event each) and a raw Npgsql binary COPY of them (one JSON row each), with the ratios;
#   - the stored size per frame (whole mt_events rows, pg_column_size) against the spool's;
#   - replay of the ingested frames under all 8 built-in policies against a raw binary COPY out of the same rows;
#   - the Recorder's peak memory for the whole directory and for its largest file alone.
# Targets (issue 10): exactly-once >= 1x the bulk insert; stored <= 3x the spool; replay >= 0.5x the COPY out; peak
# memory independent of the backlog.
#
# --replay-only: only the replay measurement: replay under all 8 built-ins against the raw binary COPY out of the same
# rows, and the frames only read (not replayed) for scale, on frames kept in the schema bench_ingest_kept of the event
# store between runs (recorded for S seconds and ingested along the exactly-once path first when it is missing or
# empty; drop it to measure new traffic). Measures a change to the reading side without recording and ingesting again.
#
# --backlog: while `tracelab record --follow` runs on the cluster's spool directory (into the cluster's event store, as
# a user runs it), pgbench -S with the probe recording for B seconds (default 60); prints every 10 s the backlog (bytes
# of spool written and not yet ingested) and the recorder's memory. Target: the backlog does not grow.
#
# Usage: scripts/bench-ingest.sh [--seconds S] [--rounds N] [--replay-only] [--backlog] [--backlog-seconds B] [--help]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
seconds=15
rounds=2
backlog=false
replay_only=false
kept_schema=bench_ingest_kept
backlog_seconds=60
db=tracelab_bench_ingest

die() { echo "error: $1" >&2; [ -n "${2:-}" ] && echo "hint: $2" >&2; exit "${3:-1}"; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --seconds|--rounds|--backlog-seconds)
            [ $# -ge 2 ] || die "option \"$1\" needs a value" "see scripts/bench-ingest.sh --help" 2
            [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive whole number, not \"$2\"" "" 2
            case "$1" in --seconds) seconds="$2" ;; --rounds) rounds="$2" ;; --backlog-seconds) backlog_seconds="$2" ;; esac
            shift 2 ;;
        --backlog) backlog=true; shift ;;
        --replay-only) replay_only=true; shift ;;
        --help|-h) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unrecognized option \"$1\"" "see scripts/bench-ingest.sh --help" 2 ;;
    esac
done

command -v pgbench >/dev/null 2>&1 || die "pgbench is not installed" "apt-get install postgresql-client-15"
if ! "$root/tracelab" status >/dev/null 2>&1; then
    log "starting the embedded cluster"
    "$root/tracelab" up >&2
fi
eval "$("$root/tracelab" status --format env)"
export TRACELAB_CONNECTION

psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }

prepare_database() {
    if [ -z "$(psql_q -At -d postgres -c "select 1 from pg_database where datname = '$db'")" ]; then
        log "creating database $db (pgbench scale 1)"
        psql_q -d postgres -c "create database $db"
        pgbench -q -i -s 1 "$db" >/dev/null 2>&1
        psql_q -d "$db" -c "create function bench_fn(id int) returns int language plpgsql as \$\$
            declare b int; begin select abalance into b from pgbench_accounts where aid = id; return b; end \$\$"
    fi
}

spool_files() { find "$TRACELAB_SPOOL" -maxdepth 1 -name '*.tlspool' -printf '%f\n' | sort; }

ingest_mode() {
    local script before kept=false
    if $replay_only && [ "$(psql_q -At -d tracelab_events -c "select to_regclass('$kept_schema.mt_events') is not null")" = "t" ] &&
        [ "$(psql_q -At -d tracelab_events -c "select exists (select 1 from $kept_schema.mt_events)")" = "t" ]; then
        kept=true
    fi
    # global, not local: the EXIT trap runs after this function has returned
    bench_state="$(mktemp -d /var/tmp/tracelab-bench-ingest.XXXXXX)"
    local state="$bench_state"
    trap 'rm -rf "${bench_state:-}"' EXIT
    mkdir -p "$state/spool"
    script="$state/bench_fn.sql"
    printf '\\set aid random(1, 100000)\nSELECT bench_fn(:aid);\n' >"$script"
    if $kept; then
        log "replaying the frames kept in schema $kept_schema"
        build_benchmarks
        dotnet "$bench_dll" replay-only "$kept_schema" "$rounds"
        return
    fi
    prepare_database
    before="$state/before"
    spool_files >"$before"
    log "recording $seconds s of pgbench (2 clients, SELECT bench_fn(:aid))"
    pgbench -n -c 2 -j 2 -T "$seconds" -f "$script" "$db" | grep -E '^(tps|number of transactions actually)' >&2
    sleep 2 # every backend wrote its last frames when it exited; the idle flush is at most a second behind
    spool_files | comm -13 "$before" - | while read -r f; do cp "$TRACELAB_SPOOL/$f" "$state/spool/"; done
    log "$(find "$state/spool" -name '*.tlspool' | wc -l) spool files, $(du -sh "$state/spool" | cut -f1)"
    build_benchmarks
    if $replay_only; then
        dotnet "$bench_dll" replay-only "$kept_schema" "$rounds" "$state/spool"
    else
        dotnet "$bench_dll" ingest "$state/spool" "$rounds"
    fi
}

# Compiled as ./tracelab compiles the CLI (scripts/dotnet-publish.sh), so that the measurements time the code the CLI
# runs, start-up and all.
bench_dll="$root/artifacts/bench/TraceLab.Benchmarks.dll"
build_benchmarks() {
    "$root/scripts/dotnet-publish.sh" "$root/bench/TraceLab.Benchmarks/TraceLab.Benchmarks.csproj" "$root/artifacts/bench" >&2
}

# Bytes of the spool files listed in $1 not yet ingested (file length minus the checkpoint's offset).
backlog_bytes() {
    local list="$1" total=0 f size offset
    while read -r f; do
        size="$(stat -c %s "$TRACELAB_SPOOL/$f" 2>/dev/null || echo 0)"
        offset="$(psql_q -At -d tracelab_events -c \
            "select coalesce((data->>'Offset')::bigint, (data->>'offset')::bigint, 0) from tracelab.mt_doc_spoolcheckpoint where id = '${f%.tlspool}'" 2>/dev/null || true)"
        total=$((total + size - ${offset:-0}))
    done <"$list"
    echo "$total"
}

backlog_mode() {
    local t before rss
    # global, not local: the EXIT trap runs after this function has returned
    bench_state="$(mktemp -d /var/tmp/tracelab-bench-ingest.XXXXXX)"
    local state="$bench_state"
    recorder_pid=""
    prepare_database
    log "catching up with the spool directory first (tracelab record --once)"
    "$root/tracelab" record --once >&2
    spool_files >"$state/before"
    "$root/tracelab" record --follow >"$state/record.log" 2>&1 &
    recorder_pid=$!
    trap 'kill "${recorder_pid:-}" 2>/dev/null || true; rm -rf "${bench_state:-}"' EXIT
    sleep 3
    log "pgbench -S for $backlog_seconds s with the probe recording, record --follow running (pid $recorder_pid)"
    pgbench -n -S -c 2 -j 2 -T "$backlog_seconds" "$db" >"$state/pgbench.out" 2>&1 &
    local pgbench_pid=$!
    printf '%6s %16s %14s %12s\n' "time" "spool written" "backlog" "recorder RSS"
    for ((t = 10; t <= backlog_seconds + 10; t += 10)); do
        sleep 10
        spool_files | comm -13 "$state/before" - >"$state/new"
        before=$(while read -r f; do stat -c %s "$TRACELAB_SPOOL/$f" 2>/dev/null || echo 0; done <"$state/new" | awk '{ s += $1 } END { print s + 0 }')
        rss="$(awk '/^VmRSS/ { print $2 / 1024 " MB" }' "/proc/$recorder_pid/status" 2>/dev/null || echo gone)"
        printf '%5ss %13.1f MB %11.1f MB %12s\n' "$t" "$(awk -v b="$before" 'BEGIN { print b / 1e6 }')" \
            "$(awk -v b="$(backlog_bytes "$state/new")" 'BEGIN { print b / 1e6 }')" "$rss"
    done
    wait "$pgbench_pid" 2>/dev/null || true
    grep -E '^tps' "$state/pgbench.out" >&2 || true
    kill -INT "$recorder_pid" 2>/dev/null || true
    wait "$recorder_pid" 2>/dev/null || true
    tail -n 3 "$state/record.log" >&2
}

if $backlog; then backlog_mode; else ingest_mode; fi
