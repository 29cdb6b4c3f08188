#!/usr/bin/env bash
# What the probe costs the server, next to what a DBA already accepts.
#
# Starts one private PostgreSQL 15 cluster per mode -- none (no extension), pgaudit (pgaudit.log = 'all'),
# pg_stat_statements (defaults), probe (tracelab_probe, spooling to a directory on the data directory's disk) and
# enforce (tracelab_probe enforcing the built-in policy ddl-needs-trusted-chain in block mode, recording nothing) --
# with otherwise identical settings and identical data, keeps them all running, and drives each with pgbench
# (2 clients, 2 threads) on three workloads: pgbench's select-only, a PL/pgSQL function doing one SELECT, and a mix
# that touches provenance (a view owned by another role calling a SQL function, an UPDATE firing another role's
# PL/pgSQL trigger, a SECURITY DEFINER function).
#
# Why CPU per transaction: this is a shared, noisy 2-core VM where throughput alone swings by 20%. The main measure
# is the server's CPU time per transaction -- the postmaster and all its children, reaped backends included
# (utime+stime+cutime+cstime of the postmaster plus utime+stime of its live children, from /proc) -- measured next
# to throughput. Every round runs every mode on every workload, the order of the modes rotated each round (round r
# starts with mode r-1 mod the number of modes), a CHECKPOINT (and a VACUUM of the updated table) before every run.
# Each extension is compared with `none` from the same round (paired), and the medians over the rounds are printed,
# together with every round's numbers, the ratios the project's targets are stated in and PASS/FAIL lines:
#   probe's added CPU/txn <= half of pgaudit's on every workload (<= 5% counts as the noise floor: pass),
#   probe's added CPU/txn <= 10% on select-only, stretch: probe's <= pg_stat_statements';
#   enforce's added CPU/txn <= probe's on every workload (enforcing costs no more than recording alone).
# Every run also records the CPU that other work on the machine used meanwhile (machine busy time from /proc/stat
# minus this server and pgbench): when it is high, CPU per transaction is inflated and differences of 20-30% between
# runs of the same mode are ordinary; --wait-quiet S waits (up to S seconds) for a quiet machine before each run.
#
# --perf additionally profiles a cluster (--perf-modes, default probe) with `perf record -a -g -e cpu-clock` during
# one run of every workload and prints where the server's CPU goes: the share attributable to the extension (its own
# code and what it calls, excluding the query a hook wraps), its costliest functions, the PostgreSQL costs it
# induces (fmgr_security_definer for every hooked function, query-id jumbling, SQL functions run by fmgr_sql) and
# the logger process's share. That share is measured within one run, so unlike the comparison between runs it is
# not disturbed by other work on the machine; it is a lower bound (cache and scheduling effects are not in it).
#
# Needs root (installs missing Debian packages; runs the servers as the postgres OS user). Nothing is installed
# system-wide except Debian packages: the probe is built from a private copy of src/Recorder/Probe and loaded
# through dynamic_library_path. State lives in $root/.bench (or /var/tmp/tracelab-bench-<hash> when postgres
# cannot reach the checkout) and is removed on exit unless --keep; results go to $root/artifacts/bench-probe/.
#
# Usage: scripts/bench-probe.sh [--rounds N] [--duration S] [--workloads LIST] [--modes LIST] [--scale N]
#                               [--perf] [--perf-modes LIST] [--wait-quiet S] [--cpu all|user|system] [--keep]
#                               [--help]
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pgbin=/usr/lib/postgresql/15/bin
all_modes=(none pgaudit pg_stat_statements probe enforce)
all_workloads=(select-only plpgsql views-triggers-secdef)
rounds=3
duration=10
scale=10
clients=2
noise_floor=5
keep=false
together=false
perf=false
instructions=false
instruction_txns=1000
wait_quiet=0
quiet_cores=0.25
cpu_kind=all
modes=("${all_modes[@]}")
workloads=("${all_workloads[@]}")
perf_modes=(probe)
command_line="$0"
for arg in "$@"; do
    if [[ "$arg" =~ ^[A-Za-z0-9_./,=:+-]+$ ]]; then command_line+=" $arg"; else command_line+=" $(printf '%q' "$arg")"; fi
done

state=""
declare -A port pm_pid
started=()

usage() {
    cat <<EOF
Usage: scripts/bench-probe.sh [options]

Measures the server CPU per transaction and the throughput of PostgreSQL 15 with no extension, with pgaudit
(pgaudit.log = 'all'), with pg_stat_statements, with the TraceLab probe recording and with the probe enforcing
ddl-needs-trusted-chain without recording (mode enforce), side by side on the same machine, and prints the probe's
overhead next to pgaudit's and pg_stat_statements', and enforcing's next to recording's. Needs root.

Options:
  --rounds N          rounds; each runs every mode on every workload, modes rotated (default $rounds)
  --duration S        seconds per pgbench run (default $duration)
  --workloads LIST    comma-separated subset of: ${all_workloads[*]} (default: all)
  --modes LIST        comma-separated subset of: ${all_modes[*]} (default: all)
  --scale N           pgbench scale factor (default $scale)
  --clients N         pgbench clients (and threads) per run (default $clients)
  --perf              after the rounds, profile one run of every workload with perf (cpu-clock)
  --perf-modes LIST   modes to profile with --perf (default: probe)
  --instructions      after the rounds, count the instructions one backend of each mode executes per
                      transaction of every workload with callgrind (valgrind): a figure that other work on the
                      machine does not change; use --rounds 0 for this alone
  --instruction-txns N  transactions counted per workload and mode with --instructions (default $instruction_txns)
  --wait-quiet S      before each run, wait up to S seconds until other work on the machine uses less than
                      $quiet_cores cores (default 0: do not wait; the other load is measured and printed anyway)
  --together          run every mode's pgbench at the same time in each round, each on its own cluster, instead of
                      one after another: every mode then meets the same state of the machine (this VM switches
                      between a fast and a slow state every few seconds), at the price of sharing the cores
  --cpu KIND          which of the server's CPU time counts: all (default), user (utime+cutime) or system
                      (stime+cstime); user and system separately tell the probe's own code from system calls
                      (the other-work figure then also counts the server's time of the other kind)
  --keep              keep the clusters (stopped) for the next invocation instead of removing them
  --help              show this help

Takes about rounds x workloads x modes x (duration + 1 s) plus half a minute of setup: about 7 minutes with the
defaults; --perf adds about 15 s per profiled workload and mode.
EOF
}

die() {
    echo "error: $1" >&2
    [ -n "${2:-}" ] && echo "hint: $2" >&2
    exit "${3:-1}"
}

log() { echo "[$(date +%H:%M:%S)] $*" >&2; }

# split_list NAME VALUE ALLOWED...: sets array NAME to the comma-separated VALUE, each item one of ALLOWED.
split_list() {
    local name="$1" value="$2"; shift 2
    local -a items=() allowed=("$@")
    local item ok a
    IFS=',' read -r -a items <<<"$value"
    [ ${#items[@]} -gt 0 ] || die "empty list for --${name//_/-}" "choose from: ${allowed[*]}" 2
    for item in "${items[@]}"; do
        ok=false
        for a in "${allowed[@]}"; do [ "$item" = "$a" ] && ok=true; done
        $ok || die "unknown value \"$item\" for --${name//_/-}" "choose from: ${allowed[*]}" 2
    done
    eval "$name=(\"\${items[@]}\")"
}

parse_args() {
    while [ $# -gt 0 ]; do
        case "$1" in
            --rounds|--duration|--scale|--clients|--workloads|--modes|--perf-modes|--wait-quiet|--instruction-txns|--cpu)
                [ $# -ge 2 ] || die "option \"$1\" needs a value" "see scripts/bench-probe.sh --help" 2
                case "$1" in
                    --rounds) rounds="$2" ;;
                    --duration) duration="$2" ;;
                    --scale) scale="$2" ;;
                    --clients) clients="$2" ;;
                    --workloads) split_list workloads "$2" "${all_workloads[@]}" ;;
                    --modes) split_list modes "$2" "${all_modes[@]}" ;;
                    --perf-modes) split_list perf_modes "$2" "${all_modes[@]}" ;;
                    --wait-quiet) wait_quiet="$2" ;;
                    --instruction-txns) instruction_txns="$2" ;;
                    --cpu) cpu_kind="$2" ;;
                esac
                shift 2 ;;
            --rounds=*|--duration=*|--scale=*|--clients=*|--workloads=*|--modes=*|--perf-modes=*|--wait-quiet=*|--instruction-txns=*|--cpu=*)
                parse_args "${1%%=*}" "${1#*=}"; shift ;;
            --perf) perf=true; shift ;;
            --instructions) instructions=true; shift ;;
            --keep) keep=true; shift ;;
            --together) together=true; shift ;;
            --help|-h) usage; exit 0 ;;
            *) die "unrecognized option \"$1\"" "see scripts/bench-probe.sh --help" 2 ;;
        esac
    done
}

check_args() {
    [[ "$cpu_kind" =~ ^(all|user|system)$ ]] || die "--cpu must be all, user or system, not \"$cpu_kind\"" "" 2
    [[ "$rounds" =~ ^[0-9]+$ ]] || die "--rounds must be a whole number, not \"$rounds\"" "" 2
    [[ "$instruction_txns" =~ ^[1-9][0-9]*$ ]] ||
        die "--instruction-txns must be a positive whole number, not \"$instruction_txns\"" "" 2
    if $instructions && [[ " ${modes[*]} " != *" none "* ]]; then
        die "--instructions needs the mode none to compare with" "add none to --modes" 2
    fi
    [[ "$duration" =~ ^[0-9]+$ ]] && [ "$duration" -ge 3 ] || die "--duration must be at least 3 seconds" "" 2
    [[ "$scale" =~ ^[0-9]+$ ]] && [ "$scale" -ge 1 ] || die "--scale must be a positive whole number" "" 2
    [[ "$clients" =~ ^[0-9]+$ ]] && [ "$clients" -ge 1 ] || die "--clients must be a positive whole number" "" 2
    [[ "$wait_quiet" =~ ^[0-9]+$ ]] || die "--wait-quiet must be a whole number of seconds" "" 2
    if [ "$rounds" -eq 0 ] && ! $perf && ! $instructions; then
        die "--rounds 0 measures nothing" "add --perf or --instructions to only profile or count"  2
    fi
}

# ---------------------------------------------------------------------------------------------------------------
# Prerequisites, state directory, probe build

ensure_packages() {
    [ "$(id -u)" -eq 0 ] || die "run as root: the script installs packages and runs the servers as postgres" \
        "sudo scripts/bench-probe.sh $*"
    local -a missing=()
    [ -x "$pgbin/postgres" ] || missing+=(postgresql-15)
    [ -x "$pgbin/pg_config" ] && [ -f /usr/include/postgresql/15/server/postgres.h ] || missing+=(postgresql-server-dev-15)
    [ -f /usr/lib/postgresql/15/lib/pgaudit.so ] || missing+=(postgresql-15-pgaudit)
    [ -f /usr/lib/postgresql/15/lib/pg_stat_statements.so ] || missing+=(postgresql-contrib)
    command -v pgbench >/dev/null 2>&1 && command -v psql >/dev/null 2>&1 || missing+=(postgresql-client-15)
    command -v make >/dev/null 2>&1 || missing+=(make)
    command -v gcc >/dev/null 2>&1 || missing+=(gcc)
    command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
    if $perf; then command -v perf >/dev/null 2>&1 || missing+=(linux-perf); fi
    if $instructions; then command -v valgrind >/dev/null 2>&1 || missing+=(valgrind); fi
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; then
        apt-get update -q >/dev/null
        apt-get install -y -q "${missing[@]}" >/dev/null
    fi
}

# The servers run as postgres, so every directory on the way to the state must be searchable by postgres.
choose_state_dir() {
    if runuser -u postgres -- test -x "$root"; then
        state="$root/.bench"
    else
        state="/var/tmp/tracelab-bench-$(printf '%s' "$root" | sha256sum | cut -c1-12)"
    fi
    mkdir -p "$state"
    chmod 755 "$state"
    # The directory ignores itself, so a run leaves nothing in `git status` of the checkout.
    [ -f "$state/.gitignore" ] || echo '*' >"$state/.gitignore"
}

# Builds a private copy of the probe sources (the checkout's own objects are left to whoever edits them, and a
# concurrent `make` in the same directory cannot interleave with ours) and installs the library where
# dynamic_library_path finds it.
build_probe() {
    local src="$root/src/Recorder/Probe" build="$state/build" lib="$state/lib"
    rm -rf "$build"
    mkdir -p "$build" "$lib"
    find "$src" -maxdepth 1 -type f \( -name '*.c' -o -name '*.h' -o -name 'Makefile' -o -name '*.sql' \
        -o -name '*.control' \) -exec cp -p {} "$build/" \;
    log "building the probe (private copy of src/Recorder/Probe)"
    if ! make -C "$build" -j2 PG_CONFIG="$pgbin/pg_config" with_llvm=no >"$state/build.log" 2>&1; then
        tail -n 30 "$state/build.log" >&2
        die "the probe does not compile (full log: $state/build.log)" \
            "the probe may be being edited; retry in a few minutes"
    fi
    cp "$build/tracelab_probe.so" "$lib/tracelab_probe.so.new"
    chmod 644 "$lib/tracelab_probe.so.new"
    mv -f "$lib/tracelab_probe.so.new" "$lib/tracelab_probe.so"
    chmod 755 "$lib"
    probe_sources_sha="$(cd "$build" && cat ./*.c ./*.h | sha256sum | cut -c1-12)"
}

# The enforce mode's policy, compiled by the checkout's own CLI (the launcher builds it when needed).
compile_enforced_policy() {
    log "compiling ddl-needs-trusted-chain for the enforce mode"
    "$root/tracelab" policies compile ddl-needs-trusted-chain -o "$state/enforce.tlpolicy" >"$state/compile.log" 2>&1 ||
        { cat "$state/compile.log" >&2; die "could not compile the enforce mode's policy (log: $state/compile.log)"; }
    chown postgres: "$state/enforce.tlpolicy"
    chmod 644 "$state/enforce.tlpolicy"
}

# ---------------------------------------------------------------------------------------------------------------
# Clusters

as_postgres() { runuser -u postgres -- "$@"; }

port_in_use() {
    local p="$1" m
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null && return 0
    for m in "${!port[@]}"; do [ "${port[$m]}" = "$p" ] && return 0; done
    [ -n "$(ss -Hltn "sport = :$p" 2>/dev/null)" ]
}

free_port() {
    local p=$((55432 + RANDOM % 2000))
    while port_in_use "$p"; do p=$((p + 1)); done
    echo "$p"
}

preload_of() {
    case "$1" in
        none) echo "" ;;
        pgaudit) echo "pgaudit" ;;
        pg_stat_statements) echo "pg_stat_statements" ;;
        probe | enforce) echo "tracelab_probe" ;;
    esac
}

write_config() {
    local mode="$1" dir="$state/$1"
    {
        echo "# written by scripts/bench-probe.sh; identical in every cluster except the last block"
        echo "listen_addresses = '127.0.0.1'"
        echo "port = ${port[$mode]}"
        echo "unix_socket_directories = '$dir/sock'"
        echo "max_connections = 20"
        echo "shared_buffers = 128MB"
        echo "fsync = off"
        echo "synchronous_commit = off"
        echo "full_page_writes = off"
        echo "autovacuum = off"
        echo "checkpoint_timeout = 30min"
        echo "max_wal_size = 4GB"
        echo "jit = off"
        echo "logging_collector = on"
        echo "log_directory = 'log'"
        echo "log_filename = 'postgresql.log'"
        echo "log_rotation_age = 0"
        echo "log_rotation_size = 0"
        echo "dynamic_library_path = '$state/lib:\$libdir'"
        echo "shared_preload_libraries = '$(preload_of "$mode")'"
        case "$mode" in
            pgaudit) echo "pgaudit.log = 'all'" ;;
            probe) echo "tracelab.spool_directory = '$dir/spool'" ;;
            # no spool directory: nothing is recorded
            enforce) echo "tracelab.enforce_policy = '$state/enforce.tlpolicy'"
                     echo "tracelab.enforce_mode = 'block'" ;;
        esac
    } >"$dir/data/bench.conf"
    chown postgres: "$dir/data/bench.conf"
    grep -q "^include = 'bench.conf'" "$dir/data/postgresql.conf" ||
        echo "include = 'bench.conf'" >>"$dir/data/postgresql.conf"
}

start_cluster() {
    local mode="$1" dir="$state/$1"
    if as_postgres "$pgbin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
        as_postgres "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null
    fi
    port[$mode]="$(free_port)"
    write_config "$mode"
    as_postgres "$pgbin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 start >/dev/null ||
        { tail -n 20 "$dir/server.log" >&2; die "the $mode cluster does not start (log: $dir/server.log)"; }
    started+=("$mode")
    pm_pid[$mode]="$(head -n 1 "$dir/data/postmaster.pid")"
}

stop_clusters() {
    local mode
    for mode in "${started[@]}"; do
        as_postgres "$pgbin/pg_ctl" -D "$state/$mode/data" -m fast -w stop >/dev/null 2>&1 || true
    done
    started=()
}

psql_in() {
    local mode="$1"; shift
    psql -X -q -v ON_ERROR_STOP=1 -h "$state/$mode/sock" -p "${port[$mode]}" -U postgres "$@"
}

schema_sql() {
    local mode="$1"
    case "$mode" in
        pgaudit) echo "CREATE EXTENSION pgaudit;" ;;
        pg_stat_statements) echo "CREATE EXTENSION pg_stat_statements;" ;;
    esac
    cat <<'SQL'
-- plpgsql: one SELECT inside a PL/pgSQL function owned by the client role
CREATE FUNCTION public.bench_fn(p_aid integer) RETURNS integer LANGUAGE plpgsql STABLE AS $$
DECLARE b integer;
BEGIN
    SELECT abalance INTO b FROM public.pgbench_accounts WHERE aid = p_aid;
    RETURN b;
END $$;
ALTER FUNCTION public.bench_fn(integer) OWNER TO bench_app;

-- views-triggers-secdef: a view owned by bench_owner whose body calls bench_owner's (inlinable) SQL function
GRANT SELECT ON public.pgbench_accounts TO bench_owner;
CREATE FUNCTION public.bench_band(balance integer) RETURNS integer LANGUAGE sql IMMUTABLE
    AS $$ SELECT balance / 1000 $$;
ALTER FUNCTION public.bench_band(integer) OWNER TO bench_owner;
CREATE VIEW public.bench_view AS
    SELECT aid, bid, abalance, public.bench_band(abalance) AS band FROM public.pgbench_accounts;
ALTER VIEW public.bench_view OWNER TO bench_owner;
GRANT SELECT ON public.bench_view TO bench_app;

-- ... a fixed-size table of the client's whose BEFORE UPDATE trigger calls bench_owner's PL/pgSQL function
CREATE TABLE public.bench_tally (id integer PRIMARY KEY, hits bigint NOT NULL DEFAULT 0, touched timestamptz)
    WITH (fillfactor = 50);
INSERT INTO public.bench_tally (id) SELECT g FROM generate_series(1, 10000) g;
ALTER TABLE public.bench_tally OWNER TO bench_app;
CREATE FUNCTION public.bench_touch() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    NEW.touched := statement_timestamp();
    RETURN NEW;
END $$;
ALTER FUNCTION public.bench_touch() OWNER TO bench_owner;
CREATE TRIGGER bench_tally_touch BEFORE UPDATE ON public.bench_tally
    FOR EACH ROW EXECUTE FUNCTION public.bench_touch();

-- ... and a SECURITY DEFINER function of bench_definer's reading bench_definer's table
CREATE TABLE public.bench_secret (id integer PRIMARY KEY, note text NOT NULL);
INSERT INTO public.bench_secret SELECT g, 'note ' || g FROM generate_series(1, 100) g;
ALTER TABLE public.bench_secret OWNER TO bench_definer;
CREATE FUNCTION public.bench_secdef(p_aid integer) RETURNS text LANGUAGE plpgsql STABLE SECURITY DEFINER
    SET search_path = pg_catalog, public AS $$
BEGIN
    RETURN (SELECT note FROM public.bench_secret WHERE id = p_aid % 100 + 1);
END $$;
ALTER FUNCTION public.bench_secdef(integer) OWNER TO bench_definer;
REVOKE ALL ON FUNCTION public.bench_secdef(integer) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION public.bench_secdef(integer) TO bench_app;

ANALYZE public.bench_tally;
ANALYZE public.bench_secret;
SQL
}

# Creates (once) and starts the cluster of MODE with the same roles, data and objects as every other cluster.
setup_cluster() {
    local mode="$1" dir="$state/$1"
    if [ ! -f "$dir/ready" ] || [ "$(cat "$dir/ready")" != "scale=$scale" ]; then
        log "creating the $mode cluster (pgbench scale $scale)"
        if [ -d "$dir/data" ] && as_postgres "$pgbin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
            as_postgres "$pgbin/pg_ctl" -D "$dir/data" -m immediate -w stop >/dev/null 2>&1 || true
        fi
        rm -rf "$dir"
        mkdir -p "$dir/sock" "$dir/spool"
        chown -R postgres: "$dir"
        chmod 755 "$dir" "$dir/sock"
        chmod 700 "$dir/spool"
        as_postgres "$pgbin/initdb" -D "$dir/data" -U postgres -A trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 ||
            die "initdb failed for $mode (log: $dir/initdb.log)"
        start_cluster "$mode"
        psql_in "$mode" -d postgres >/dev/null <<'SQL'
CREATE ROLE bench_app LOGIN;
CREATE ROLE bench_owner NOLOGIN;
CREATE ROLE bench_definer NOLOGIN;
CREATE DATABASE bench OWNER bench_app;
SQL
        pgbench -i -q -s "$scale" -h "$dir/sock" -p "${port[$mode]}" -U bench_app bench >"$dir/pgbench-init.log" 2>&1 ||
            die "pgbench -i failed for $mode (log: $dir/pgbench-init.log)"
        schema_sql "$mode" | psql_in "$mode" -d bench >/dev/null
        echo "scale=$scale" >"$dir/ready"
    else
        start_cluster "$mode"
    fi
}

write_workload_scripts() {
    mkdir -p "$state/scripts"
    cat >"$state/scripts/plpgsql.sql" <<'EOF'
\set aid random(1, 100000 * :scale)
SELECT bench_fn(:aid);
EOF
    cat >"$state/scripts/views-triggers-secdef.sql" <<'EOF'
\set aid random(1, 100000 * :scale)
\set tid random(1, 10000)
SELECT aid, abalance, band FROM bench_view WHERE aid = :aid;
UPDATE bench_tally SET hits = hits + 1 WHERE id = :tid;
SELECT bench_secdef(:aid);
EOF
}

# ---------------------------------------------------------------------------------------------------------------
# Measurement

# Children of PID: "pid cmdline" lines.
children_of() {
    local parent="$1" f line rest pid
    for f in /proc/[0-9]*/stat; do
        { read -r line <"$f"; } 2>/dev/null || continue
        rest="${line##*) }"
        set -- $rest
        [ "$2" = "$parent" ] || continue
        pid="${f#/proc/}"; pid="${pid%/stat}"
        # the process may have exited since its stat was read
        echo "$pid $({ tr '\0' ' ' <"/proc/$pid/cmdline"; } 2>/dev/null)"
    done
}

# Transient children (client backends, autovacuum or parallel workers): everything but the permanent processes.
transient_children() {
    children_of "$1" | grep -Ev '^[0-9]+ postgres: (checkpointer|background writer|walwriter|autovacuum launcher|logical replication launcher|logger|archiver)' || true
}

# Waits until MODE's cluster has no transient children (they are reaped, so their CPU is in the postmaster's
# cutime/cstime); false after 30 s.
wait_idle() {
    local pm="${pm_pid[$1]}" i
    for ((i = 0; i < 300; i++)); do
        [ -z "$(transient_children "$pm")" ] && return 0
        sleep 0.1
    done
    return 1
}

# CPU clock ticks of the postmaster PM, its reaped children and its live children.
server_ticks() {
    local pm="$1" f line rest total
    read -r line </proc/"$pm"/stat
    rest="${line##*) }"
    set -- $rest
    # fields after the command: ${12} utime, ${13} stime, ${14} cutime, ${15} cstime (--cpu picks which count)
    case "$cpu_kind" in
        user) total=$(( ${12} + ${14} )) ;;
        system) total=$(( ${13} + ${15} )) ;;
        *) total=$(( ${12} + ${13} + ${14} + ${15} )) ;;
    esac
    for f in /proc/[0-9]*/stat; do
        { read -r line <"$f"; } 2>/dev/null || continue
        rest="${line##*) }"
        set -- $rest
        [ "$2" = "$pm" ] || continue
        case "$cpu_kind" in
            user) total=$(( total + ${12} )) ;;
            system) total=$(( total + ${13} )) ;;
            *) total=$(( total + ${12} + ${13} )) ;;
        esac
    done
    echo "$total"
}

# Busy and steal clock ticks of the whole machine, from the first line of /proc/stat.
machine_ticks() {
    local cpu user nice system idle iowait irq softirq steal rest
    read -r cpu user nice system idle iowait irq softirq steal rest </proc/stat
    echo "$((user + nice + system + irq + softirq)) $steal"
}

# With --wait-quiet S: waits up to S seconds until the whole machine is busy for less than $quiet_cores cores over
# one second (the idle clusters' own background work is far below that).
wait_for_quiet() {
    [ "$wait_quiet" -gt 0 ] || return 0
    local deadline=$((SECONDS + wait_quiet)) a b busy
    while [ "$SECONDS" -lt "$deadline" ]; do
        a="$(machine_ticks)"; sleep 1; b="$(machine_ticks)"
        busy="$(awk -v a="$a" -v b="$b" -v hz="$clk_tck" 'BEGIN { split(a, x, " "); split(b, y, " "); print (y[1] - x[1]) / hz }')"
        awk -v b="$busy" -v q="$quiet_cores" 'BEGIN { exit !(b < q) }' && return 0
    done
    log "the machine is still busy after ${wait_quiet}s (${busy} cores); running anyway"
}

dir_bytes() { find "$1" -type f -printf '%s\n' 2>/dev/null | awk '{ s += $1 } END { printf "%d\n", s }'; }

# Brings MODE's cluster to the same starting point before every run.
prepare_run() {
    local mode="$1" dir="$state/$1"
    psql_in "$mode" -d bench -c 'VACUUM public.bench_tally' -c 'CHECKPOINT' >/dev/null
    wait_idle "$mode" || log "warning: $mode still has transient backends before the run"
    find "$dir/data/log" -type f -exec truncate -s 0 {} + 2>/dev/null || true
    find "$dir/spool" -mindepth 1 -delete 2>/dev/null || true
}

pgbench_args() {
    local mode="$1" workload="$2"
    local -a args=(-n -c "$clients" -j "$clients" -T "$duration" -h "$state/$mode/sock" -p "${port[$mode]}" -U bench_app)
    case "$workload" in
        select-only) args+=(-S) ;;
        *) args+=(-s "$scale" -f "$state/scripts/$workload.sql") ;;
    esac
    printf '%s\n' "${args[@]}" bench
}

# start_run MODE WORKLOAD: starts one pgbench run in the background, after its server's CPU ticks and clock are taken.
declare -A run_pid run_before run_t0 run_waited
start_run() {
    local mode="$1" workload="$2"
    local -a args
    mapfile -t args < <(pgbench_args "$mode" "$workload")
    run_before[$mode]="$(server_ticks "${pm_pid[$mode]}")"
    run_t0[$mode]="$(date +%s.%N)"
    (
        TIMEFORMAT='%3U %3S'
        if ! { time pgbench "${args[@]}" >"$state/pgbench.$mode.out" 2>&1; } 2>"$state/pgbench.$mode.time"; then
            touch "$state/pgbench.$mode.failed"
        fi
        date +%s.%N >"$state/pgbench.$mode.end"
    ) &
    run_pid[$mode]=$!
    run_waited[$mode]=false
}

# wait_run MODE: waits for MODE's pgbench (once; bash cannot wait twice for one child).
wait_run() {
    ${run_waited[$1]} || { wait "${run_pid[$1]}" || true; run_waited[$1]=true; }
}

# finish_run ROUND POSITION MODE WORKLOAD OTHER_S STEAL_S LOAD: waits for MODE's run, appends its line to the TSV.
# OTHER_S and STEAL_S are computed by the caller, over every run it started together; "-" leaves them to this run.
finish_run() {
    local round="$1" position="$2" mode="$3" workload="$4" other_s="$5" steal_s="$6" load="$7" dir="$state/$3"
    local out="$state/pgbench.$3.out" after t1 tps txns failed cpu_us spool logb ok=yes client_s
    wait_run "$mode"
    if [ -e "$state/pgbench.$mode.failed" ]; then
        rm -f "$state/pgbench.$mode.failed"
        ok=pgbench-failed
        log "warning: pgbench failed ($mode, $workload); output:"
        tail -n 5 "$out" >&2
    fi
    t1="$(cat "$state/pgbench.$mode.end")"
    wait_idle "$mode" || { ok=backends-not-gone; log "warning: $mode backends still alive 30 s after pgbench"; }
    after="$(server_ticks "${pm_pid[$mode]}")"
    client_s="$(awk '{ print $1 + $2 }' "$state/pgbench.$mode.time")"
    tps="$(awk '/^tps = .*without initial connection time/ { print $3 }' "$out")"
    txns="$(awk -F': *' '/^number of transactions actually processed/ { split($2, a, "/"); print a[1] }' "$out")"
    failed="$(awk -F': *' '/^number of failed transactions/ { split($2, a, " "); print a[1] }' "$out")"
    [ -n "$tps" ] && [ -n "$txns" ] && [ "$txns" -gt 0 ] || { ok=no-result; tps=0; txns=0; }
    [ -z "$failed" ] || [ "$failed" = 0 ] || ok="failed-txns=$failed"
    spool="$(dir_bytes "$dir/spool")"
    logb="$(dir_bytes "$dir/data/log")"
    cpu_us=$(( (after - ${run_before[$mode]}) * 1000000 / clk_tck ))
    [ "$other_s" != "-" ] || other_s=0
    [ "$steal_s" != "-" ] || steal_s=0
    local d
    d="$(awk -v a="$t1" -v b="${run_t0[$mode]}" 'BEGIN { print a - b }')"
    printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%.1f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$round" "$workload" "$mode" "$position" \
        "$tps" "$txns" "$cpu_us" "$d" "$spool" "$logb" "$client_s" "$other_s" "$steal_s" "$load" "$ok" >>"$tsv"
    awk -v r="$round" -v w="$workload" -v m="$mode" -v t="$tps" -v n="$txns" -v c="$cpu_us" -v s="$spool" -v ok="$ok" \
        -v o="$other_s" -v d="$d" \
        'BEGIN { printf "  round %s  %-22s %-19s tps %9.1f  CPU/txn %7.1f us  spool %6.1f B/txn  other load %.2f cores%s\n",
                 r, w, m, t, (n > 0 ? c / n : 0), (n > 0 ? s / n : 0), o / d, (ok == "yes" ? "" : "  [" ok "]") }' >&2
}

# other_work M0 M1 SERVER_TICKS CLIENT_S: CPU seconds the machine spent between M0 and M1 (machine_ticks) on neither
# the servers measured nor their pgbench clients -- other work competing with the runs -- and the steal seconds.
other_work() {
    awk -v m0="$1" -v m1="$2" -v s="$3" -v c="$4" -v hz="$clk_tck" \
        'BEGIN { split(m0, a, " "); split(m1, b, " "); o = (b[1] - a[1] - s) / hz - c; printf "%.2f %.2f\n", (o < 0 ? 0 : o), (b[2] - a[2]) / hz }'
}

# run_one ROUND POSITION MODE WORKLOAD: one pgbench run on its own; appends a line to the TSV.
run_one() {
    local round="$1" position="$2" mode="$3" workload="$4" m0 m1 load other_s steal_s
    prepare_run "$mode"
    wait_for_quiet
    load="$(cut -d' ' -f1 /proc/loadavg)"
    m0="$(machine_ticks)"
    start_run "$mode" "$workload"
    wait_run "$mode"
    wait_idle "$mode" || true
    m1="$(machine_ticks)"
    local after
    after="$(server_ticks "${pm_pid[$mode]}")"
    read -r other_s steal_s < <(other_work "$m0" "$m1" "$((after - ${run_before[$mode]}))" \
        "$(awk '{ print $1 + $2 }' "$state/pgbench.$mode.time")")
    finish_run "$round" "$position" "$mode" "$workload" "$other_s" "$steal_s" "$load"
}

# run_together ROUND WORKLOAD: every mode's pgbench at the same time, each on its own cluster, so that every mode
# meets the same state of the machine (--together); appends a line per mode to the TSV.
run_together() {
    local round="$1" workload="$2" mode m0 m1 load other_s steal_s i=0 ticks=0 client=0
    for mode in "${modes[@]}"; do prepare_run "$mode"; done
    wait_for_quiet
    load="$(cut -d' ' -f1 /proc/loadavg)"
    m0="$(machine_ticks)"
    for mode in "${modes[@]}"; do start_run "$mode" "$workload"; done
    for mode in "${modes[@]}"; do wait_run "$mode"; done
    for mode in "${modes[@]}"; do wait_idle "$mode" || true; done
    m1="$(machine_ticks)"
    for mode in "${modes[@]}"; do
        ticks=$((ticks + $(server_ticks "${pm_pid[$mode]}") - ${run_before[$mode]}))
        client="$(awk -v a="$client" -v f="$state/pgbench.$mode.time" 'BEGIN { getline l < f; split(l, x, " "); print a + x[1] + x[2] }')"
    done
    read -r other_s steal_s < <(other_work "$m0" "$m1" "$ticks" "$client")
    for mode in "${modes[@]}"; do
        i=$((i + 1))
        finish_run "$round" "$i" "$mode" "$workload" "$other_s" "$steal_s" "$load"
    done
}

run_rounds() {
    local r w i n="${#modes[@]}" start
    for ((r = 1; r <= rounds; r++)); do
        start=$(( (r - 1) % n ))
        if $together; then
            log "round $r of $rounds (every mode at the same time)"
            for w in "${workloads[@]}"; do run_together "$r" "$w"; done
            continue
        fi
        log "round $r of $rounds (modes start with ${modes[$start]})"
        for w in "${workloads[@]}"; do
            for ((i = 0; i < n; i++)); do
                run_one "$r" "$((i + 1))" "${modes[$(( (start + i) % n ))]}" "$w"
            done
        done
    done
}

# ---------------------------------------------------------------------------------------------------------------
# Report

report() {
    awk -F'\t' -v floor="$noise_floor" -v modelist="${modes[*]}" -v wlist="${workloads[*]}" '
    function median(list,    n, a, i, j, t) {
        n = split(list, a, " ")
        if (n == 0) return ""
        for (i = 2; i <= n; i++) { t = a[i] + 0; for (j = i - 1; j >= 1 && a[j] + 0 > t; j--) a[j + 1] = a[j]; a[j + 1] = t }
        return (n % 2) ? a[(n + 1) / 2] + 0 : (a[n / 2] + a[n / 2 + 1]) / 2
    }
    function add(arr, key, v) { arr[key] = (key in arr) ? arr[key] " " v : v }
    function fmtpct(x) { return (x == "") ? "n/a" : sprintf("%+.1f%%", x) }
    NR == 1 { next }
    $15 != "yes" || $6 <= 0 { bad++; next }
    {
        r = $1; w = $2; m = $3
        cpu = $7 / $6
        add(tps, w SUBSEP m, $5)
        add(cpus, w SUBSEP m, cpu)
        add(spool, w SUBSEP m, $9 / $6)
        add(logb, w SUBSEP m, $10 / $6)
        rc[r, w, m] = cpu; rt[r, w, m] = $5
        if (!(r in seen)) { seen[r] = 1; rl = rl " " r }
        other += $12 / $8; nrun++; if ($12 / $8 > 0.25) contended++
    }
    END {
        nm = split(modelist, M, " "); nw = split(wlist, W, " "); nr = split(rl, R, " ")
        printf "\nSummary: medians over %d rounds; changes against none are medians of the per-round paired ratios\n", nr
        printf "%-22s %-19s %10s %11s %10s %10s %11s %12s\n", "workload", "mode", "tps", "CPU us/txn", "+CPU/txn", "-tps", "spool B/txn", "log B/txn"
        for (i = 1; i <= nw; i++) {
            w = W[i]
            for (j = 1; j <= nm; j++) {
                m = M[j]; dc = ""; dt = ""
                if (m != "none") {
                    lc = ""; lt = ""
                    for (k = 1; k <= nr; k++) {
                        r = R[k]
                        if ((r SUBSEP w SUBSEP m) in rc && (r SUBSEP w SUBSEP "none") in rc) {
                            lc = lc " " (rc[r, w, m] / rc[r, w, "none"] - 1) * 100
                            lt = lt " " (1 - rt[r, w, m] / rt[r, w, "none"]) * 100
                        }
                    }
                    dc = median(lc); dt = median(lt)
                    added[w, m] = dc
                }
                printf "%-22s %-19s %10.1f %11.1f %10s %10s %11.1f %12.1f\n", w, m, median(tps[w, m]), median(cpus[w, m]),
                    (m == "none") ? "-" : fmtpct(dc), (m == "none") ? "-" : fmtpct(dt), median(spool[w, m]), median(logb[w, m])
            }
            if ((w SUBSEP "none") in cpus) {
                n = split(cpus[w, "none"], a, " "); lo = hi = a[1]
                for (k = 2; k <= n; k++) { if (a[k] < lo) lo = a[k]; if (a[k] > hi) hi = a[k] }
                n = split(tps[w, "none"], a, " "); tlo = thi = a[1]
                for (k = 2; k <= n; k++) { if (a[k] < tlo) tlo = a[k]; if (a[k] > thi) thi = a[k] }
                printf "%-22s %-19s spread of none over the rounds: CPU/txn %.1f%%, tps %.1f%% (max-min over median)\n", "", "",
                    (hi - lo) / median(cpus[w, "none"]) * 100, (thi - tlo) / median(tps[w, "none"]) * 100
            }
        }
        if (nrun) printf "\nOther work on the machine during the runs: %.2f cores on average (CPU used by neither the server under test nor pgbench); %d of %d runs had more than 0.25 cores of it\n", other / nrun, contended, nrun
        if (bad) printf "\n%d run(s) left out: pgbench failed, failed transactions or backends did not exit (see the TSV)\n", bad

        printf "\nThe probe against what a DBA already accepts (added CPU per transaction against none)\n"
        for (i = 1; i <= nw; i++) {
            w = W[i]
            if (!((w SUBSEP "probe") in added)) continue
            x = added[w, "probe"]
            if ((w SUBSEP "pgaudit") in added) {
                y = added[w, "pgaudit"]
                printf "%s: probe adds %.1f%% CPU/txn vs pgaudit'"'"'s %.1f%% (ratio %s)\n", w, x, y, (y > 0) ? sprintf("%.2f", x / y) : "n/a"
            }
            if ((w SUBSEP "pg_stat_statements") in added)
                printf "%s: probe adds %.1f%% CPU/txn vs pg_stat_statements'"'"' %.1f%%\n", w, x, added[w, "pg_stat_statements"]
        }

        printf "\nChecks (noise floor: an added CPU/txn <= %d%% passes)\n", floor
        for (i = 1; i <= nw; i++) {
            w = W[i]
            if (!((w SUBSEP "probe") in added) || !((w SUBSEP "pgaudit") in added)) continue
            x = added[w, "probe"]; y = added[w, "pgaudit"]
            v = (x <= y / 2) ? "PASS" : (x <= floor) ? "PASS (noise floor)" : "FAIL"
            printf "%-18s probe <= half of pgaudit on %s: %+.1f%% vs %+.1f%% (limit %+.1f%%)\n", v, w, x, y, y / 2
        }
        if (("select-only" SUBSEP "probe") in added) {
            x = added["select-only", "probe"]
            printf "%-18s probe <= 10%% on select-only: %+.1f%%\n", (x <= 10) ? "PASS" : "FAIL", x
        }
        for (i = 1; i <= nw; i++) {
            w = W[i]
            if (!((w SUBSEP "enforce") in added) || !((w SUBSEP "probe") in added)) continue
            x = added[w, "enforce"]; y = added[w, "probe"]
            v = (x <= y) ? "PASS" : (x <= floor) ? "PASS (noise floor)" : "FAIL"
            printf "%-18s enforcing (not recording) <= recording on %s: %+.1f%% vs %+.1f%%\n", v, w, x, y
        }
        for (i = 1; i <= nw; i++) {
            w = W[i]
            if (!((w SUBSEP "probe") in added) || !((w SUBSEP "pg_stat_statements") in added)) continue
            x = added[w, "probe"]; z = added[w, "pg_stat_statements"]
            v = (x <= z) ? "PASS" : (x <= floor) ? "PASS (noise floor)" : "FAIL"
            printf "%-18s stretch: probe <= pg_stat_statements on %s: %+.1f%% vs %+.1f%%\n", v, w, x, z
        }
    }' "$tsv"
}

print_rounds() {
    echo
    echo "Every run (order = position of the mode in its round; vs none = against none of the same round and workload;"
    echo "other = cores used by other work on the machine during the run)"
    awk -F'\t' 'NR == FNR { if (FNR > 1 && $3 == "none" && $6 > 0) base[$1, $2] = $7 / $6; next }
        FNR == 1 { next }
        {
            c = ($6 > 0 ? $7 / $6 : 0)
            vs = ($3 != "none" && ($1 SUBSEP $2) in base && c > 0) ? sprintf("%+7.1f%%", (c / base[$1, $2] - 1) * 100) : "       -"
            printf "round %s  %-22s %-19s order %s  tps %8.1f  txns %7d  CPU %6.2f s  CPU/txn %6.1f us  vs none %s  spool %6.1f B/txn  log %6.1f B/txn  other %.2f%s\n",
              $1, $2, $3, $4, $5, $6, $7 / 1e6, c, vs, ($6 > 0 ? $9 / $6 : 0), ($6 > 0 ? $10 / $6 : 0), $12 / $8,
              ($15 == "yes" ? "" : "  [" $15 "]")
        }' "$tsv" "$tsv"
}

# ---------------------------------------------------------------------------------------------------------------
# Profile

# Reads `perf script -F pid,ip,sym,dso` and prints where the server CPU of the given pids went.
analyze_profile() {
    local pids="$1" extdso="$2" logger="${3:-none}"
    awk -v pids="$pids" -v ext="$extdso" -v logger="$logger" '
    BEGIN {
        n = split(pids, P, ","); for (i = 1; i <= n; i++) inset[P[i]] = 1
        split("standard_ExecutorStart standard_ExecutorRun standard_ExecutorFinish standard_ExecutorEnd standard_planner standard_ProcessUtility", S, " ")
        for (i in S) pass[S[i]] = 1
        nf = 0
    }
    function isext(k) { return index(dso[k], ext) > 0 }
    function flush(    i, k, j, seenk, top, c) {
        if (nf == 0 || !keep) { nf = 0; return }
        total++
        if (curpid == logger) { loggers++; nf = 0; return }
        i = 0
        for (k = 1; k <= nf; k++) if (isext(k)) { i = k; break }
        if (i > 0 && (i == 1 || !(sym[i - 1] in pass))) {
            attributable++
            if (i == 1) self++
            leaf[sym[1] " (" dsoname(dso[1]) ")"]++
            # Every extension frame from the innermost one up to (not including) the hook that wraps the query
            # this work is nested in: PostgreSQL frames in between are callbacks (tree walkers, fmgr) it went through.
            delete seenk
            for (k = i; k <= nf; k++) {
                if (!isext(k)) continue
                if (k > i && (sym[k - 1] in pass)) break
                if (!(sym[k] in seenk)) { incl[sym[k]]++; seenk[sym[k]] = 1 }
                top = sym[k]
            }
            entry[top]++
        } else {
            for (k = 1; k <= nf; k++) if (sym[k] == "fmgr_security_definer") { if (k == 1 || (sym[k - 1] != "plpgsql_call_handler" && sym[k - 1] != "fmgr_sql")) fsd++; break }
            for (k = 1; k <= nf; k++) if (sym[k] ~ /Jumble/) { jumble++; break }
            for (k = 1; k <= nf; k++) if (sym[k] == "fmgr_sql") { sqlfn++; break }
        }
        nf = 0
    }
    function dsoname(d) { sub(/^\(/, "", d); sub(/\)$/, "", d); sub(/.*\//, "", d); return d }
    /^[ \t]*$/ { flush(); next }
    /^[ ]*[0-9]+[ ]*$/ { flush(); keep = ($1 in inset); curpid = $1; next }
    {
        nf++
        dso[nf] = $NF
        s = ""
        for (k = 2; k < NF; k++) s = s (k > 2 ? " " : "") $k
        sym[nf] = s
    }
    END {
        flush()
        if (total == 0) { print "  no samples of the cluster (perf could not sample?)"; exit }
        printf "  %d samples of the cluster'"'"'s processes (postmaster and children)\n", total
        printf "  attributable to %s: %.1f%% of server CPU (its own code: %.1f%%, what it calls in PostgreSQL/libc/kernel: %.1f%%)\n",
            ext, attributable * 100 / total, self * 100 / total, (attributable - self) * 100 / total
        printf "  in PostgreSQL outside the extension frames: fmgr_security_definer wrapper %.1f%% (every function the probe hooks, and real SECURITY DEFINER/SET functions), query-id jumbling %.1f%%, SQL functions run by fmgr_sql %.1f%%\n",
            fsd * 100 / total, jumble * 100 / total, sqlfn * 100 / total
        printf "  logger process (writes what the backends log): %.1f%% of server CPU\n", loggers * 100 / total
        x = (attributable + jumble + loggers) * 100 / total
        if (x < 100) printf "  => estimate measured within one run (attributable + query-id jumbling + logger = %.1f%% of server CPU): the extension adds about %.1f%% CPU per transaction to a server without it (a lower bound: cache effects and the fmgr_security_definer wrapping are not in it)\n", x, x / (100 - x) * 100
        printf "  %s functions, inclusive of what they call (%% of server CPU):\n", ext
        for (s in incl) printf "%8.2f%%  %s\n", incl[s] * 100 / total, s | "sort -rn | head -n 25"
        close("sort -rn | head -n 25")
        printf "  outermost extension function of that time: hook or callback entered from PostgreSQL (%% of server CPU):\n"
        for (s in entry) printf "%8.2f%%  %s\n", entry[s] * 100 / total, s | "sort -rn | head -n 12"
        close("sort -rn | head -n 12")
        printf "  leaf functions of that time (%% of server CPU):\n"
        for (s in leaf) printf "%8.2f%%  %s\n", leaf[s] * 100 / total, s | "sort -rn | head -n 20"
        close("sort -rn | head -n 20")
    }'
}

profile_mode_workload() {
    local mode="$1" workload="$2" data="$state/perf/$1-$2.data" out="$state/perf/$1-$2.pgbench" bgpid pids i logger
    local -a args
    mapfile -t args < <(pgbench_args "$mode" "$workload")
    prepare_run "$mode"
    pgbench "${args[@]}" >"$out" 2>&1 &
    bgpid=$!
    for ((i = 0; i < 50; i++)); do
        [ "$(transient_children "${pm_pid[$mode]}" | wc -l)" -ge "$clients" ] && break
        sleep 0.1
    done
    sleep 0.5
    pids="${pm_pid[$mode]},$(children_of "${pm_pid[$mode]}" | awk '{ print $1 }' | paste -sd,)"
    echo "$pids" >"$state/perf/$mode-$workload.pids"
    logger="$(children_of "${pm_pid[$mode]}" | awk '/postgres: logger/ { print $1 }')"
    perf record -a -g -e cpu-clock -o "$data" -- sleep $((duration - 2)) >"$state/perf/record.log" 2>&1 ||
        { log "warning: perf record failed: $(tail -n 3 "$state/perf/record.log")"; wait "$bgpid" || true; return 0; }
    wait "$bgpid" || true
    wait_idle "$mode" || true
    echo
    echo "perf profile: $mode cluster, $workload ($(awk '/^tps = .*without/ { printf "%.0f tps under perf", $3 }' "$out"))"
    local ext
    case "$mode" in
        probe | enforce) ext=tracelab_probe.so ;; pgaudit) ext=pgaudit.so ;;
        pg_stat_statements) ext=pg_stat_statements.so ;;
        *) ext=no-extension.so ;;
    esac
    perf script -i "$data" -F pid,ip,sym,dso 2>/dev/null | analyze_profile "$pids" "$ext" "${logger:-none}" || true
    echo "  top symbols by self time (perf report --no-children --sort dso,symbol, % of the cluster's samples):"
    perf report -i "$data" --stdio --no-children --sort dso,symbol -g none --percentage relative --pid "$pids" \
        2>/dev/null | grep -v '^#' | grep -v '^[[:space:]]*$' | head -n 25 |
        sed -E 's/^/  /; s/[[:space:]]+-[[:space:]]+-[[:space:]]*$//' || true
}

run_profiles() {
    local m w
    mkdir -p "$state/perf"
    for m in "${perf_modes[@]}"; do
        for w in "${workloads[@]}"; do
            log "profiling $m / $w with perf"
            profile_mode_workload "$m" "$w"
        done
    done
}

# ---------------------------------------------------------------------------------------------------------------

# ---------------------------------------------------------------------------------------------------------------
# --instructions: instructions per transaction, counted by callgrind

# write_statements WORKLOAD N FILE: N transactions of WORKLOAD as plain SQL (psql runs each in its own transaction,
# as pgbench does), with the same pseudo-random keys in every mode.
write_statements() {
    local workload="$1" n="$2" file="$3"
    awk -v n="$n" -v w="$workload" -v accounts="$((100000 * scale))" 'BEGIN {
        srand(20261207)
        print "SELECT pg_backend_pid();"
        for (i = 0; i < n; i++) {
            aid = int(rand() * accounts) + 1; tid = int(rand() * 10000) + 1
            if (w == "select-only") printf "SELECT abalance FROM pgbench_accounts WHERE aid = %d;\n", aid
            else if (w == "plpgsql") printf "SELECT bench_fn(%d);\n", aid
            else {
                printf "SELECT aid, abalance, band FROM bench_view WHERE aid = %d;\n", aid
                printf "UPDATE bench_tally SET hits = hits + 1 WHERE id = %d;\n", tid
                printf "SELECT bench_secdef(%d);\n", aid
            }
        }
    }' >"$file"
}

# Total instructions (Ir) of one callgrind output file.
callgrind_total() {
    callgrind_annotate "$1" 2>/dev/null | awk '/PROGRAM TOTALS/ && !done { gsub(",", "", $1); print $1; done = 1 }'
}

# Runs MODE's cluster under callgrind and prints "workload<TAB>mode<TAB>Ir per transaction" for every workload: the
# instructions of a backend running few + txns transactions minus those of one running few, over txns, so that
# connection start-up and first-use caches cancel out. Valgrind makes the server ~50x slower; the count does not
# depend on other work on the machine.
count_instructions() {
    local mode="$1" dir="$state/$1" few=200 workload i pid small big ir_small ir_big
    as_postgres "$pgbin/pg_ctl" -D "$dir/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$dir/callgrind"
    mkdir -p "$dir/callgrind"
    chown postgres: "$dir/callgrind"
    find "$dir/spool" -mindepth 1 -delete 2>/dev/null || true
    as_postgres bash -c "exec valgrind --tool=callgrind --trace-children=yes \
        --callgrind-out-file='$dir/callgrind/cg.%p' '$pgbin/postgres' -D '$dir/data' >'$dir/callgrind/server.log' 2>&1 &"
    for ((i = 0; i < 300; i++)); do
        "$pgbin/pg_isready" -q -h "$dir/sock" -p "${port[$mode]}" && break
        sleep 1
    done
    "$pgbin/pg_isready" -q -h "$dir/sock" -p "${port[$mode]}" || die "the $mode cluster does not start under valgrind"
    for workload in "${workloads[@]}"; do
        write_statements "$workload" "$few" "$state/few.sql"
        write_statements "$workload" "$((few + instruction_txns))" "$state/many.sql"
        psql -X -q -At -v ON_ERROR_STOP=1 -h "$dir/sock" -p "${port[$mode]}" -U bench_app -d bench \
            -f "$state/few.sql" >"$state/few.out" || die "the $workload statements failed in the $mode cluster"
        psql -X -q -At -v ON_ERROR_STOP=1 -h "$dir/sock" -p "${port[$mode]}" -U bench_app -d bench \
            -f "$state/many.sql" >"$state/many.out" || die "the $workload statements failed in the $mode cluster"
        small="$(head -n 1 "$state/few.out")"
        big="$(head -n 1 "$state/many.out")"
        sleep 1
        printf '%s\t%s\t%s\t%s\n' "$workload" "$mode" "$small" "$big"
    done >"$state/backends.tsv"
    as_postgres "$pgbin/pg_ctl" -D "$dir/data" -m fast -w -t 600 stop >/dev/null
    while IFS=$'\t' read -r workload _ small big; do
        ir_small="$(callgrind_total "$dir/callgrind/cg.$small")"
        ir_big="$(callgrind_total "$dir/callgrind/cg.$big")"
        [ -n "$ir_small" ] && [ -n "$ir_big" ] || die "no callgrind output for the $mode backends ($dir/callgrind)"
        printf '%s\t%s\t%s\n' "$workload" "$mode" "$(( (ir_big - ir_small) / instruction_txns ))"
    done <"$state/backends.tsv"
    start_cluster "$mode"
}

run_instructions() {
    local mode workload base value
    local -A ir=()
    log "counting instructions with callgrind ($instruction_txns transactions per workload and mode)"
    for mode in "${modes[@]}"; do
        count_instructions "$mode" >"$state/instructions-$mode.tsv"
        while IFS=$'\t' read -r workload _ value; do ir["$workload/$mode"]="$value"; done <"$state/instructions-$mode.tsv"
    done
    echo
    echo "== instructions per transaction, one backend (callgrind Ir; the same for every run of the same build)"
    printf '%-24s' workload
    for mode in "${modes[@]}"; do printf '%22s' "$mode"; done
    echo
    for workload in "${workloads[@]}"; do
        base="${ir[$workload/none]:-}"
        printf '%-24s' "$workload"
        for mode in "${modes[@]}"; do
            value="${ir[$workload/$mode]}"
            if [ -n "$base" ] && [ "$mode" != none ]; then
                printf '%22s' "$value ($(awk -v v="$value" -v b="$base" 'BEGIN { printf "%+.1f%%", (v - b) * 100 / b }'))"
            else
                printf '%22s' "$value"
            fi
        done
        echo
    done
}

cleanup() {
    local rc=$?
    trap - EXIT INT TERM
    stop_clusters
    if [ -n "$state" ] && ! $keep; then rm -rf "$state"; fi
    exit "$rc"
}

main() {
    parse_args "$@"
    check_args
    ensure_packages "$@"
    choose_state_dir
    trap cleanup EXIT
    trap 'exit 130' INT
    trap 'exit 143' TERM
    clk_tck="$(getconf CLK_TCK)"
    local -a needed=("${modes[@]}")
    local m
    if $perf; then
        for m in "${perf_modes[@]}"; do [[ " ${needed[*]} " == *" $m "* ]] || needed+=("$m"); done
    fi
    if [[ " ${needed[*]} " == *" probe "* || " ${needed[*]} " == *" enforce "* ]]; then build_probe; fi
    [[ " ${needed[*]} " == *" enforce "* ]] && compile_enforced_policy
    write_workload_scripts
    for m in "${needed[@]}"; do setup_cluster "$m"; done

    local stamp out_dir
    stamp="$(date +%Y%m%d-%H%M%S)"
    out_dir="$root/artifacts/bench-probe"
    mkdir -p "$out_dir"
    tsv="$out_dir/$stamp.tsv"
    printf 'round\tworkload\tmode\torder\ttps\ttxns\tcpu_us\twall_s\tspool_bytes\tlog_bytes\tpgbench_cpu_s\tother_cpu_s\tsteal_s\tload1\tstatus\n' >"$tsv"

    {
        echo "command: $command_line"
        echo "date: $(date -Is)  host: $(hostname)  cores: $(nproc)  CLK_TCK: $clk_tck  load: $(cut -d' ' -f1-3 /proc/loadavg)"
        echo "server: $("$pgbin/postgres" --version)  pgaudit: $(dpkg-query -W -f '${Version}' postgresql-15-pgaudit 2>/dev/null || echo '?')"
        echo "probe: checkout $(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo '?'), sources sha256 ${probe_sources_sha:-n/a} (built from the working tree)"
        echo "pgbench: -c $clients -j $clients -T $duration, scale $scale; rounds $rounds; modes ${modes[*]}; workloads ${workloads[*]}"
        [ "$cpu_kind" = all ] || echo "CPU counted: $cpu_kind time only (--cpu $cpu_kind)"
        echo "state: $state  results: $tsv"
    } | tee "$out_dir/$stamp.txt"

    if [ "$rounds" -gt 0 ]; then
        run_rounds
        { print_rounds; report; } | tee -a "$out_dir/$stamp.txt"
    else
        rm -f "$tsv"
    fi
    if $perf; then
        run_profiles 2>&1 | tee -a "$out_dir/$stamp.txt"
    fi
    if $instructions; then
        run_instructions 2>&1 | tee -a "$out_dir/$stamp.txt"
    fi
}

main "$@"
