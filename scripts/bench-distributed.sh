#!/usr/bin/env bash
# Issue 13's benchmark: replay throughput of a many-session trace in one process and fanned out over worker processes
# on this machine, side by side in one run, on the embedded cluster (./tracelab up, started here if needed;
# TRACELAB_HOME picks another one).
#
# The trace: pgbench with a new connection per transaction (-C), each transaction a script of --statements
# `SELECT bench_fn(:aid)` (a PL/pgSQL function doing one SELECT), so every transaction is a session of its own; recorded
# by the probe and ingested with `tracelab record --once` into an event store database of its own
# (tracelab_bench_distributed_store), which is kept between runs: drop that database (or pass --record) to record anew.
# Defaults: 1,200 sessions of 300 statements, about 2.2M events.
#
# Then, per round (modes in rotating order): `tracelab replay --all` under the 8 built-in policies into a file, in
# --format F (default table, whose size does not grow with the trace; json writes every operation, ~800 bytes each,
# and then measures mostly the writing, which only the coordinator does), in one process; the same with --distributed and 1 worker process; and with 2 worker processes (workers
# are started before the replay and stopped after it, so their start-up is not timed). Prints events per second of
# each mode, the medians and the ratios against the single process, and checks that every distributed report is the
# single-process report byte for byte.
#
# Usage: scripts/bench-distributed.sh [--sessions N] [--statements K] [--rounds R] [--format F] [--record] [--help]
set -euo pipefail
shopt -s inherit_errexit
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
sessions=1200
statements=300
rounds=3
format=table
record=false
source_db=tracelab_bench_distributed
store_db=tracelab_bench_distributed_store

die() { echo "error: $1" >&2; [ -n "${2:-}" ] && echo "hint: $2" >&2; exit "${3:-1}"; }
log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

while [ $# -gt 0 ]; do
    case "$1" in
        --sessions|--statements|--rounds)
            [ $# -ge 2 ] || die "option \"$1\" needs a value" "see scripts/bench-distributed.sh --help" 2
            [[ "$2" =~ ^[1-9][0-9]*$ ]] || die "$1 must be a positive whole number, not \"$2\"" "" 2
            case "$1" in --sessions) sessions="$2" ;; --statements) statements="$2" ;; --rounds) rounds="$2" ;; esac
            shift 2 ;;
        --format)
            [ $# -ge 2 ] || die "option \"$1\" needs a value" "see scripts/bench-distributed.sh --help" 2
            case "$2" in table|json|markdown|html|junit) format="$2" ;; *) die "unknown format \"$2\"" "choose from: table json markdown html junit" 2 ;; esac
            shift 2 ;;
        --record) record=true; shift ;;
        --help|-h) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) die "unrecognized option \"$1\"" "see scripts/bench-distributed.sh --help" 2 ;;
    esac
done

command -v pgbench >/dev/null 2>&1 || die "pgbench is not installed" "apt-get install postgresql-client-15"
if ! "$root/tracelab" status >/dev/null 2>&1; then
    log "starting the embedded cluster"
    "$root/tracelab" up >&2
fi
eval "$("$root/tracelab" status --format env)"

psql_q() { psql -X -q -v ON_ERROR_STOP=1 "$@"; }
database_exists() { [ -n "$(psql_q -At -d postgres -c "select 1 from pg_database where datname = '$1'")" ]; }

# The event store of this benchmark: the embedded cluster's connection with another database.
store="$(printf '%s' "$TRACELAB_CONNECTION" | sed -E "s/(^|;)Database=[^;]*/\1Database=$store_db/")"
case "$store" in *"Database=$store_db"*) ;; *) store="$store;Database=$store_db" ;; esac

bench_state="$(mktemp -d /var/tmp/tracelab-bench-distributed.XXXXXX)"
worker_pids=()
cleanup() {
    local pid
    for pid in "${worker_pids[@]:-}"; do [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; done
    rm -rf "$bench_state"
}
trap cleanup EXIT

# Frames recorded (the "events" of `tracelab sessions`; the store packs many into one row) and sessions, of the store.
store_totals() {
    "$root/tracelab" sessions --connection "$store" --format json 2>/dev/null |
        python3 -c 'import json,sys; s=json.load(sys.stdin)["sessions"]; print(sum(x["events"] for x in s), len(s))' ||
        echo "0 0"
}

record_trace() {
    local script="$bench_state/session.sql" before="$bench_state/before" i per_client
    if ! database_exists "$source_db"; then
        log "creating database $source_db (pgbench scale 1)"
        psql_q -d postgres -c "create database $source_db"
        pgbench -q -i -s 1 "$source_db" >/dev/null 2>&1
        psql_q -d "$source_db" -c "create function bench_fn(id int) returns int language plpgsql as \$\$
            declare b int; begin select abalance into b from pgbench_accounts where aid = id; return b; end \$\$"
    fi
    if database_exists "$store_db"; then psql_q -d postgres -c "drop database $store_db with (force)"; fi
    psql_q -d postgres -c "create database $store_db"
    psql_q -d postgres -c "alter database $store_db set tracelab.enabled = off"
    {
        echo '\set aid random(1, 100000)'
        for ((i = 0; i < statements; i++)); do echo 'SELECT bench_fn(:aid);'; done
    } >"$script"
    find "$TRACELAB_SPOOL" -maxdepth 1 -name '*.tlspool' -printf '%f\n' | sort >"$before"
    per_client=$(((sessions + 1) / 2))
    log "recording $((per_client * 2)) sessions of $statements statements (pgbench -C, 2 clients)"
    pgbench -n -C -c 2 -j 2 -t "$per_client" -f "$script" "$source_db" | grep -E '^(tps|number of transactions actually)' >&2
    sleep 2 # every backend wrote its last frames when it exited
    mkdir -p "$bench_state/spool"
    find "$TRACELAB_SPOOL" -maxdepth 1 -name '*.tlspool' -printf '%f\n' | sort | comm -13 "$before" - |
        while read -r f; do cp "$TRACELAB_SPOOL/$f" "$bench_state/spool/"; done
    log "ingesting $(find "$bench_state/spool" -name '*.tlspool' | wc -l) spool files ($(du -sh "$bench_state/spool" | cut -f1))"
    "$root/tracelab" record --once --quiet --spool "$bench_state/spool" --connection "$store" >&2
    rm -rf "$bench_state/spool"
}

if $record || ! database_exists "$store_db" || [ "$(store_totals)" = "0 0" ]; then
    record_trace
fi
read -r events session_count < <(store_totals)
log "trace: $session_count sessions, $events events in $store_db"

mapfile -t policies < <("$root/tracelab" policies list --format json | python3 -c 'import json,sys; [print(p["name"]) for p in json.load(sys.stdin)["policies"]]')
[ "${#policies[@]}" -ge 8 ] || die "expected the 8 built-in policies, got ${#policies[@]}"
policy_args=()
for p in "${policies[@]}"; do policy_args+=(--policy "$p"); done

start_workers() {
    local n="$1" i t
    worker_pids=()
    for ((i = 0; i < n; i++)); do
        "$root/tracelab" worker --connection "$store" >"$bench_state/worker-$i.log" 2>&1 &
        worker_pids+=($!)
    done
    # start-up is not what is measured: wait until every worker says it is waiting for jobs
    for ((i = 0; i < n; i++)); do
        for ((t = 0; t < 300; t++)); do
            grep -q "waiting for replay jobs" "$bench_state/worker-$i.log" 2>/dev/null && break
            kill -0 "${worker_pids[$i]}" 2>/dev/null || die "worker $i did not start" "see $bench_state/worker-$i.log"
            sleep 0.1
        done
    done
}

stop_workers() {
    local pid
    for pid in "${worker_pids[@]:-}"; do [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true; done
    for pid in "${worker_pids[@]:-}"; do [ -n "$pid" ] && wait "$pid" 2>/dev/null || true; done
    worker_pids=()
}

# run_mode MODE OUT: replays the whole trace in MODE (single, 1-worker, 2-workers) into OUT; prints the seconds.
run_mode() {
    local mode="$1" out="$2" start end
    local -a distributed=()
    case "$mode" in
        single) ;;
        1-worker) start_workers 1; distributed=(--distributed) ;;
        2-workers) start_workers 2; distributed=(--distributed) ;;
    esac
    start=$(date +%s.%N)
    if ! "$root/tracelab" replay --all --no-progress "${distributed[@]}" --connection "$store" "${policy_args[@]}" \
        --format "$format" --out "$out" >/dev/null; then
        stop_workers
        die "the $mode replay failed"
    fi
    end=$(date +%s.%N)
    stop_workers
    awk -v s="$start" -v e="$end" 'BEGIN { printf "%.2f", e - s }'
}

modes=(single 1-worker 2-workers)
declare -A seconds_of
printf '%-7s %-10s %10s %14s\n' round mode seconds "events/s" >&2
for ((r = 0; r < rounds; r++)); do
    for ((m = 0; m < ${#modes[@]}; m++)); do
        mode="${modes[$(((m + r) % ${#modes[@]}))]}"
        out="$bench_state/$mode.$format"
        s="$(run_mode "$mode" "$out")"
        seconds_of[$mode]+="$s "
        printf '%-7s %-10s %10s %14.0f\n' "$((r + 1))" "$mode" "$s" "$(awk -v e="$events" -v s="$s" 'BEGIN { print e / s }')" >&2
        if [ "$mode" != single ] && [ -f "$bench_state/single.$format" ]; then
            cmp -s "$bench_state/single.$format" "$out" || die "the $mode report differs from the single-process report" \
                "diff $bench_state/single.$format $out"
        fi
    done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo
echo "== replay of $session_count sessions, $events events, 8 built-in policies, $format report ($rounds rounds, medians)"
echo "store: $(psql_q -At -d "$store_db" -c "select pg_database_size(current_database())") bytes in $store_db"
single="$(printf '%s' "${seconds_of[single]}" | median)"
for mode in "${modes[@]}"; do
    s="$(printf '%s' "${seconds_of[$mode]}" | median)"
    printf '%-10s %8.2f s %12.0f events/s   %5.2fx the single process\n' "$mode" "$s" \
        "$(awk -v e="$events" -v s="$s" 'BEGIN { print e / s }')" "$(awk -v a="$single" -v b="$s" 'BEGIN { print a / b }')"
done
echo "every distributed report equals the single-process report byte for byte"
