#!/usr/bin/env bash
# Judges whether the probe changes anything PostgreSQL's own core regression suite can see.
#
# The design promise is that the probe never changes what a query does (rows, errors, notices, plans, how often a
# volatile function runs). The core suite (src/test/regress, "installcheck-parallel") is the widest check of that
# we have: this script runs it against throwaway clusters of the installed Debian PostgreSQL 15 server in several
# modes and compares the *actual output* of every test between modes, because users see every difference, not
# only the ones that make a test fail against expected/:
#   none         no extension
#   probe        shared_preload_libraries = 'tracelab_probe' (recording into a scratch spool directory)
#   others       'pg_stat_statements,pgaudit' with pgaudit.log = 'all'
#   probe-first  'tracelab_probe,pg_stat_statements,pgaudit'
#   probe-last   'pg_stat_statements,pgaudit,tracelab_probe'
# Pairs compared: none vs probe, others vs probe-first, others vs probe-last (a pair is skipped when one of its
# modes was not run). Per pair it prints the tests whose output differs and keeps the diffs in
# artifacts/pg-regress/<pair>.diff. Tests that fail against expected/ in both modes of a pair with the same output
# (the Debian source of the exact server version is often gone from the archive, so the suite may be a few minor
# versions older than the server) are not reported; an older suite is adapted to a newer psql (see
# adapt_suite_to_psql) so that none of its statements is lost.
#
# It installs what it needs when missing (run as root on Debian 12), fetches the Debian source of postgresql-15
# once into .cache/, builds regress.so and the probe, and never installs anything into the server's directories.
# Exit status: 0 no pair differs, 1 some pair differs, 2 usage error, 3 a run could not complete.
# The last line is the summary "none vs probe: N tests differ; others vs probe-first: ...".
set -euo pipefail
umask 022

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
pg_bin=/usr/lib/postgresql/15/bin
pg_config="$pg_bin/pg_config"
fallback_version=15.18-0+deb12u1
all_modes=(none probe others probe-first probe-last)
pairs=(none:probe others:probe-first others:probe-last)
artifacts="$root/artifacts/pg-regress"
cache="$root/.cache"

modes=("${all_modes[@]}")
keep=false

usage() {
    cat <<EOF
Usage: scripts/pg-regress-compare.sh [--modes LIST] [--keep]

Runs PostgreSQL's core regression suite (installcheck-parallel) against throwaway clusters with and without the
TraceLab probe and reports every test whose output differs between the runs of a pair.

Options:
  --modes LIST  comma-separated modes to run (default: all five: none,probe,others,probe-first,probe-last)
  --keep        keep the clusters, results and server logs (the path is printed)
  --help        show this help and exit

Pairs: none vs probe, others vs probe-first, others vs probe-last.
Diffs: artifacts/pg-regress/<pair>.diff. Exit status: 0 no difference, 1 differences, 2 usage, 3 a run failed.
EOF
}

usage_error() {
    echo "error: $1" >&2
    echo "hint: ${2:-Run \"scripts/pg-regress-compare.sh --help\" for the options.}" >&2
    exit 2
}

# fail MESSAGE DETAIL HINT: a run could not complete (exit 3); the EXIT trap stops the clusters.
fail() {
    echo "error: $1" >&2
    [ -n "${2:-}" ] && printf 'detail: %s\n' "$2" >&2
    [ -n "${3:-}" ] && echo "hint: $3" >&2
    exit 3
}

parse_options() {
    while [ $# -gt 0 ]; do
        case "$1" in
            --help|-h) usage; exit 0 ;;
            --keep) keep=true ;;
            --modes|--modes=*)
                local list
                if [ "$1" = --modes ]; then
                    [ $# -ge 2 ] || usage_error "option \"--modes\" requires a value" \
                        "Give a comma-separated list of: ${all_modes[*]}."
                    list="$2"
                    shift
                else
                    list="${1#--modes=}"
                fi
                IFS=', ' read -r -a modes <<<"$list"
                [ ${#modes[@]} -gt 0 ] || usage_error "option \"--modes\" requires a value" \
                    "Give a comma-separated list of: ${all_modes[*]}."
                local m
                for m in "${modes[@]}"; do
                    [[ " ${all_modes[*]} " == *" $m "* ]] || usage_error "unrecognized mode \"$m\"" \
                        "Valid modes are: ${all_modes[*]}."
                done
                ;;
            -*) usage_error "unrecognized option \"$1\"" ;;
            *) usage_error "unexpected argument \"$1\"" ;;
        esac
        shift
    done
}

selected() { [[ " ${modes[*]} " == *" $1 "* ]]; }

duration() { printf '%dm%02ds' $(($1 / 60)) $(($1 % 60)); }

# --- prerequisites -------------------------------------------------------------------------------------------

installed() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'install ok installed'; }

apt_install() {
    echo "installing $*"
    export DEBIAN_FRONTEND=noninteractive
    if ! apt-get install -y -q --no-install-recommends "$@" >/dev/null 2>&1; then
        apt-get update -q >/dev/null 2>&1 || true
        apt-get install -y -q --no-install-recommends "$@" >/dev/null \
            || fail "could not install Debian packages: $*" "" "Run \"apt-get install $*\" as root and retry."
    fi
}

ensure_packages() {
    [ "$(id -u)" -eq 0 ] || fail "this script must run as root" \
        "It installs Debian packages and runs the clusters as the \"postgres\" operating system user." \
        "Run it with sudo."
    "$root/scripts/install-prerequisites.sh" \
        || fail "could not install the PostgreSQL 15 server, its headers, make or gcc"
    local missing=() p
    for p in postgresql-15-pgaudit postgresql-server-dev-15 dpkg-dev make gcc; do
        installed "$p" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] || apt_install "${missing[@]}"
}

# Adds deb-src entries mirroring the deb entries of debian.sources (same URIs, suites, components and key), so
# that "apt-get source" fetches from the suites the machine already uses. Does nothing when any deb-src exists.
ensure_deb_src() {
    if grep -Eqs '^Types:.*\bdeb-src\b' /etc/apt/sources.list.d/*.sources \
        || grep -Eqs '^deb-src\s' /etc/apt/sources.list /etc/apt/sources.list.d/*.list; then
        return 0
    fi
    local from=/etc/apt/sources.list.d/debian.sources to=/etc/apt/sources.list.d/tracelab-src.sources
    [ -f "$from" ] || fail "no deb-src entry and no \"$from\" to derive one from" "" \
        "Add a deb-src line for the Debian suites of this machine to /etc/apt/sources.list and retry."
    echo "adding deb-src entries in $to"
    awk '/^Types:/ { print "Types: deb-src"; next } /^#/ { next } { print }' "$from" >"$to.tmp"
    mv "$to.tmp" "$to"
    apt-get update -q >/dev/null 2>&1 || fail "could not update the package lists after adding \"$to\""
}

# --- PostgreSQL source -----------------------------------------------------------------------------------------

# fetch_source VERSION DIR: "apt-get source" one exact version into DIR; false if the archive no longer has it.
fetch_source() {
    local version="$1" dir="$2" tmp
    tmp="$(mktemp -d "$cache/postgresql-15-source/download.XXXXXX")"
    if ! (cd "$tmp" && apt-get source -q "postgresql-15=$version") >"$tmp.log" 2>&1; then
        rm -rf "$tmp" "$tmp.log"
        return 1
    fi
    local tree
    tree="$(find "$tmp" -mindepth 1 -maxdepth 1 -type d -name 'postgresql-15*' | head -n1)"
    [ -n "$tree" ] && [ -f "$tree/src/test/regress/parallel_schedule" ] \
        || fail "the source of postgresql-15 $version did not extract" "See \"$tmp.log\"."
    rm -rf "$dir"
    mv "$tree" "$dir"
    rm -rf "$tmp" "$tmp.log"
}

# Sets src (the extracted tree) and src_version. Tries the installed server's exact Debian version, then the
# fallback; a cached tree of either is used without going to the network again.
ensure_source() {
    server_version="$(dpkg-query -W -f='${Version}' postgresql-15)"
    mkdir -p "$cache/postgresql-15-source"
    rm -rf "$cache/postgresql-15-source"/download.*
    local v
    for v in "$server_version" "$fallback_version"; do
        if [ -f "$cache/postgresql-15-source/$v/src/test/regress/parallel_schedule" ]; then
            src="$cache/postgresql-15-source/$v"
            src_version="$v"
            return 0
        fi
    done
    installed dpkg-dev || apt_install dpkg-dev
    ensure_deb_src
    apt-cache showsrc postgresql-15 2>/dev/null | grep -q '^Version:' || apt-get update -q >/dev/null 2>&1 || true
    for v in "$server_version" "$fallback_version"; do
        echo "fetching the Debian source of postgresql-15 $v"
        if fetch_source "$v" "$cache/postgresql-15-source/$v"; then
            src="$cache/postgresql-15-source/$v"
            src_version="$v"
            return 0
        fi
        echo "the archive does not serve postgresql-15 $v"
    done
    fail "could not fetch the Debian source of postgresql-15" \
        "Neither $server_version (installed) nor $fallback_version could be downloaded with \"apt-get source\"." \
        "Check the deb-src entries in /etc/apt/sources.list.d and the network, or unpack a postgresql-15 source \
tree into \"$cache/postgresql-15-source/$fallback_version\"."
}

# --- builds ----------------------------------------------------------------------------------------------------

# The suite needs the pg_regress driver and three C libraries: regress.so (the functions that create_function_c,
# create_type, misc and others load) and contrib/spi's autoinc.so and refint.so (triggers). They are built the
# cheap way, not with ./configure and make -C src/test/regress: that would compile libpgport, libpq and the
# generated headers (minutes, plus bison, flex and the -dev package of every configure dependency) only to produce
# binaries for the *source* version.
#  - pg_regress: postgresql-server-dev-15 ships the driver built for the installed server as part of PGXS; its
#    options are stable within a major version, and it sets PG_ABS_SRCDIR, PG_ABS_BUILDDIR, PG_LIBDIR and
#    PG_DLSUFFIX (which the tests read with \getenv) from --inputdir, --outputdir and --dlpath.
#  - the libraries: their C files compiled by a four-line PGXS makefile with the installed server's headers and
#    flags, so they match the server that loads them (minor releases keep the server ABI).
build_suite() {
    pg_regress="$("$pg_config" --pkglibdir)/pgxs/src/test/regress/pg_regress"
    [ -x "$pg_regress" ] || fail "pg_regress is missing from PGXS" "Expected \"$pg_regress\"." \
        "Reinstall postgresql-server-dev-15."

    suite="$work/suite"
    rm -rf "$suite"
    mkdir -p "$suite"
    cp -R "$src/src/test/regress/sql" "$src/src/test/regress/expected" "$src/src/test/regress/data" \
        "$src/src/test/regress/parallel_schedule" "$src/src/test/regress/resultmap" "$suite/"
    suite_adapted=false

    local build="$work/build-regress" lib
    rm -rf "$build"
    mkdir -p "$build"
    cp "$src/src/test/regress/regress.c" "$src/contrib/spi/autoinc.c" "$src/contrib/spi/refint.c" "$build/"
    # REFINT_VERBOSE as in contrib/spi/Makefile: triggers expects refint's NOTICEs.
    printf '%s\n' 'MODULES = regress autoinc refint' 'PG_CPPFLAGS = -DREFINT_VERBOSE' \
        'PGXS := $(shell $(PG_CONFIG) --pgxs)' 'include $(PGXS)' >"$build/Makefile"
    make -C "$build" PG_CONFIG="$pg_config" with_llvm=no >"$build/make.log" 2>&1 \
        || fail "could not build the regression test libraries" "$(tail -n 20 "$build/make.log")"
    for lib in regress autoinc refint; do
        cp "$build/$lib.so" "$suite/$lib.so"
    done
}

# Since the fix for CVE-2026-6464 (backpatched to every stable branch), psql skips everything up to the next "\."
# after a COPY ... FROM STDIN that fails before the server enters COPY mode. Suites older than that fix have no
# "\." after such commands, so with a newer psql each of them swallows the rest of its file (most of copy2,
# privileges, rowsecurity, generated, alter_table, copy and copyselect: hundreds of statements the probe would
# never see). When this psql skips, add "\." after every such COPY, as the upstream fix did: a COPY line of
# sql/<test>.sql is one when expected/<test>.out shows it echoed, followed by an error, followed by the very next
# line of the .sql file (so no line after it was read as COPY data). The tests then pass against expected/ again.
adapt_suite_to_psql() {
    local sock="$1" port="$2" out
    suite_adapted=true
    out="$(printf '%s\n' 'COPY pg_regress_compare_no_such_table FROM stdin;' "SELECT 'not skipped';" \
        | as_postgres "${clean_env[@]}" "$pg_bin/psql" -X -h "$sock" -p "$port" -d postgres 2>&1 || true)"
    [[ "$out" == *pg_regress_compare_no_such_table*"does not exist"* ]] \
        || fail "could not run psql against the test cluster" "$out"
    [[ "$out" != *"not skipped"* ]] || return 0
    local sql exp before after added=0
    for sql in "$suite"/sql/*.sql; do
        exp="$suite/expected/$(basename "$sql" .sql).out"
        [ -f "$exp" ] && grep -qi 'from stdin' "$sql" || continue
        before=$(grep -c '^\\\.$' "$sql" || true)
        awk "$add_copy_terminators" "$exp" "$sql" >"$sql.new"
        after=$(grep -c '^\\\.$' "$sql.new" || true)
        if [ "$after" -gt "$before" ]; then
            added=$((added + after - before))
            mv "$sql.new" "$sql"
        else
            rm "$sql.new"
        fi
    done
    echo "note: this psql skips the data of a failed COPY FROM STDIN (CVE-2026-6464 fix) and the suite predates" \
        "it: added \"\\.\" after $added failing COPY commands"
}

# awk program for adapt_suite_to_psql: reads expected/<test>.out, then prints sql/<test>.sql with the "\." lines.
add_copy_terminators='
function copy_line(l) { return tolower(l) ~ /^[ \t]*copy[ \t].*from[ \t]+stdin.*;/ }
function error_line(l) { return l ~ /^(ERROR|DETAIL|HINT|CONTEXT):  / || l ~ /^LINE [0-9]+: / || l ~ /^ *\^$/ }
FNR == NR { e[++ne] = $0; next }
{ s[++ns] = $0 }
END {
    for (i = 1; i <= ns; i++) {
        print s[i]
        if (!copy_line(s[i]))
            continue
        n = ++seen[s[i]]
        for (m = i + 1; m <= ns && s[m] ~ /^[ \t]*$/; m++)
            ;
        if (m > ns || s[m] == "\\.")
            continue
        k = 0
        for (j = 1; j <= ne; j++)
            if (e[j] == s[i] && ++k == n)
                break
        if (j >= ne || !error_line(e[j + 1]))
            continue
        for (j++; j <= ne && error_line(e[j]); j++)
            ;
        if (j <= ne && e[j] == s[m])
            print "\\."
    }
}'

# Builds the probe in the source tree (as "tracelab up" does) and copies it into a private library directory that
# the clusters find through dynamic_library_path; nothing is installed under /usr/lib/postgresql.
build_probe() {
    local log="$work/probe-make.log"
    make -C "$root/src/Recorder/Probe" PG_CONFIG="$pg_config" with_llvm=no >"$log" 2>&1 \
        || fail "could not build the probe" "$(grep -E 'error|Error' "$log" | head -n 20)" \
            "Fix the compile errors in src/Recorder/Probe (full log: \"$log\")."
    mkdir -p "$work/lib"
    cp "$root/src/Recorder/Probe/tracelab_probe.so" "$work/lib/tracelab_probe.so"
}

# --- clusters --------------------------------------------------------------------------------------------------

as_postgres() { runuser -u postgres -- "$@"; }

# psql and pg_regress run with a clean environment, so the caller's PG* variables and locale stay out of the runs.
clean_env=(env -i PATH=/usr/bin:/bin HOME=/var/lib/postgresql LANG=C.UTF-8)

# The clusters run as "postgres", so everything they read or write must be reachable by that user: use
# .cache/pg-regress under the checkout when it is, otherwise a directory under /var/tmp named after the checkout.
choose_work_directory() {
    mkdir -p "$cache"
    if as_postgres test -x "$cache"; then
        work="$cache/pg-regress"
    else
        work="/var/tmp/tracelab-regress-$(printf '%s' "$root" | sha256sum | cut -c1-12)"
    fi
    mkdir -p "$work"
    chmod 0755 "$work"
}

port_in_use() {
    local hex
    hex="$(printf '%04X' "$1")"
    cat /proc/net/tcp /proc/net/tcp6 2>/dev/null \
        | awk -v p="$hex" 'NR > 1 && $4 == "0A" { n = split($2, a, ":"); if (a[n] == p) found = 1 }
                          END { exit !found }'
}

free_port() {
    local port=$((55000 + $(printf '%s' "$root" | cksum | cut -d' ' -f1) % 900)) tries=0
    while port_in_use "$port"; do
        port=$((port + 1))
        tries=$((tries + 1))
        [ $tries -lt 100 ] || fail "could not find a free loopback port" "Ports $((port - 100)) to $port are in use."
    done
    echo "$port"
}

running_data=""
regress_pid=""
sockets=()

stop_cluster() {
    [ -n "$running_data" ] || return 0
    as_postgres "$pg_bin/pg_ctl" -D "$running_data" -m fast -w -t 60 stop >/dev/null 2>&1 \
        || as_postgres "$pg_bin/pg_ctl" -D "$running_data" -m immediate -w stop >/dev/null 2>&1 || true
    running_data=""
}

cleanup() {
    local status=$?
    if [ -n "$regress_pid" ]; then
        kill -TERM "$regress_pid" 2>/dev/null || true
        wait "$regress_pid" 2>/dev/null || true
    fi
    stop_cluster
    local s
    for s in "${sockets[@]}"; do rm -rf "$s"; done
    if [ -n "${work:-}" ] && [ -d "$work/runs" ] && ! $keep; then
        rm -rf "$work/runs"
    fi
    exit $status
}

preload_of() {
    case "$1" in
        none) echo "" ;;
        probe) echo "tracelab_probe" ;;
        others) echo "pg_stat_statements,pgaudit" ;;
        probe-first) echo "tracelab_probe,pg_stat_statements,pgaudit" ;;
        probe-last) echo "pg_stat_statements,pgaudit,tracelab_probe" ;;
    esac
}

# run_mode MODE: initdb, start, installcheck-parallel, stop. Leaves $work/runs/MODE/{results,pg_regress.log}.
run_mode() {
    local mode="$1" run="$work/runs/$1" preload started=$SECONDS
    preload="$(preload_of "$mode")"
    rm -rf "$run"
    mkdir -p "$run/spool"
    local sock
    sock="$(mktemp -d /tmp/tracelab-regress-sock.XXXXXX)"
    sockets+=("$sock")
    chown -R postgres:postgres "$run" "$sock"
    chmod 0700 "$sock" "$run/spool"

    as_postgres "$pg_bin/initdb" -D "$run/data" --locale=C -E UTF8 --auth-local=trust \
        --auth-host=scram-sha-256 -N >"$run/initdb.log" 2>&1 \
        || fail "could not create the \"$mode\" cluster" "$(tail -n 5 "$run/initdb.log")"

    local port
    port="$(free_port)"
    # Identical in every mode except the preloaded libraries and their own settings. max_prepared_transactions is
    # what pg_regress --temp-instance sets, so prepared_xacts really prepares (through the probe's hooks) instead
    # of taking its "not enabled" alternative output; listen on loopback with no password set, so only the
    # private socket (0700) lets anyone in.
    {
        echo ""
        echo "# pg-regress-compare, mode $mode"
        echo "listen_addresses = '127.0.0.1'"
        echo "port = $port"
        echo "unix_socket_directories = '$sock'"
        echo "unix_socket_permissions = 0700"
        echo "dynamic_library_path = '$work/lib:\$libdir'"
        echo "compute_query_id = regress"
        echo "fsync = off"
        echo "max_prepared_transactions = 2"
        echo "shared_preload_libraries = '$preload'"
        case ",$preload," in *,tracelab_probe,*) echo "tracelab.spool_directory = '$run/spool'" ;; esac
        case ",$preload," in *,pgaudit,*) echo "pgaudit.log = 'all'" ;; esac
    } >>"$run/data/postgresql.conf"

    running_data="$run/data"
    if ! as_postgres "$pg_bin/pg_ctl" -D "$run/data" -l "$run/server.log" -w -t 120 start >/dev/null 2>&1; then
        local hint="The whole server log is in \"${artifacts#"$root"/}/$mode.server.log\"."
        grep -q 'could not bind' "$run/server.log" 2>/dev/null \
            && hint="Another process took port $port meanwhile; run the script again."
        cp "$run/server.log" "$artifacts/$mode.server.log" 2>/dev/null || true
        fail "could not start the \"$mode\" cluster on port $port" \
            "$(grep -E 'FATAL|PANIC|ERROR' "$run/server.log" 2>/dev/null | tail -n 5)" "$hint"
    fi

    $suite_adapted || adapt_suite_to_psql "$sock" "$port"

    # pg_regress runs as postgres too: the server writes COPY output into --outputdir/results. It runs in the
    # background so that a signal interrupts "wait" at once and the EXIT trap stops it and the cluster (bash defers
    # traps until a foreground command ends).
    local status=0
    as_postgres "${clean_env[@]}" "$pg_regress" --inputdir="$suite" --outputdir="$run" --dlpath="$suite" \
        --bindir="$pg_bin" --host="$sock" --port="$port" --schedule="$suite/parallel_schedule" \
        --max-concurrent-tests=20 \
        >"$run/pg_regress.log" 2>&1 </dev/null &
    regress_pid=$!
    wait "$regress_pid" || status=$?
    regress_pid=""
    stop_cluster

    # pg_regress exits 1 when tests fail against expected/ (normal here), 2 when it could not run them.
    if [ "$status" -gt 1 ]; then
        cp "$run/server.log" "$artifacts/$mode.server.log" 2>/dev/null || true
        fail "the regression suite did not complete in mode \"$mode\"" "$(tail -n 10 "$run/pg_regress.log")" \
            "The server log is in \"${artifacts#"$root"/}/$mode.server.log\"."
    fi
    grep -q 'tests passed\|tests failed' "$run/pg_regress.log" \
        || fail "the regression suite did not complete in mode \"$mode\"" "$(tail -n 10 "$run/pg_regress.log")"
    if grep -lE 'could not (access|load) (file|library) .*regress' "$run"/results/*.out >/dev/null 2>&1; then
        fail "the tests could not load regress.so in mode \"$mode\"" \
            "$(grep -lE 'could not (access|load)' "$run"/results/*.out | xargs -n1 basename | tr '\n' ' ')"
    fi
    mode_notes "$mode" "$run" "$((SECONDS - started))"
}

# Prints one line per mode: time, failures against expected/ and what the server log and spool say.
mode_notes() {
    local mode="$1" run="$2" failed crashes extra=""
    failed="$(grep -E '\.\.\. FAILED' "$run/pg_regress.log" | awk '{ print ($1 == "test") ? $2 : $1 }' | xargs)"
    crashes="$(grep -c 'terminated by signal' "$run/server.log" || true)"
    [ "$crashes" -eq 0 ] || extra="$extra, server log: $crashes backend(s) crashed"
    if [ -d "$run/spool" ] && [[ ",$(preload_of "$mode")," == *,tracelab_probe,* ]]; then
        local files size
        files="$(find "$run/spool" -type f | wc -l)"
        size="$(du -sh "$run/spool" | cut -f1)"
        extra="$extra, probe spooled $size in $files files (deleted)"
        [ "$files" -gt 0 ] || echo "warning: the probe recorded nothing in mode \"$mode\"" >&2
    fi
    rm -rf "$run/spool"
    $keep || rm -rf "$run/data" "$run/server.log"
    printf '%-12s %s, %d tests, failed against expected/: %s%s\n' "$mode:" "$(duration "$3")" \
        "$(ls "$run"/results/*.out | wc -l)" "${failed:-none}" "$extra"
}

# --- comparison ------------------------------------------------------------------------------------------------

existing_or_null() { if [ -f "$1" ]; then echo "$1"; else echo /dev/null; fi; }

failed_tests() { grep -E '\.\.\. FAILED' "$1/pg_regress.log" | awk '{ print ($1 == "test") ? $2 : $1 }'; }

# compare A B: sets pair_count and prints the pair's report; writes artifacts/pg-regress/A-vs-B.diff.
# The comparison is exact, with no filtering: the parallel schedule is designed to give the same output on every
# run, and repeated runs of each mode (three of every mode, two more of "none", on a machine with a load average
# of 12) gave byte-identical results/*.out. A difference is therefore caused by the mode. Should a test ever
# turn out to vary between two runs of the same mode, filter the varying lines here, naming their cause, rather
# than skipping the test.
compare() {
    local a="$1" b="$2" ra="$work/runs/$1" rb="$work/runs/$2" out="$artifacts/$1-vs-$2.diff"
    local t differ=() only_b=() only_a=() fa fb
    rm -f "$out"
    fa=" $(failed_tests "$ra" | tr '\n' ' ') "
    fb=" $(failed_tests "$rb" | tr '\n' ' ') "
    for t in $( (cd "$ra/results" && ls -- *.out; cd "$rb/results" && ls -- *.out) | sort -u); do
        local x="$ra/results/$t" y="$rb/results/$t"
        if [ -f "$x" ] && [ -f "$y" ] && cmp -s "$x" "$y"; then
            continue
        fi
        differ+=("${t%.out}")
        diff -u --label "$a/results/$t" --label "$b/results/$t" \
            "$(existing_or_null "$x")" "$(existing_or_null "$y")" >>"$out" || true
        [[ "$fa" == *" ${t%.out} "* ]] || [[ "$fb" != *" ${t%.out} "* ]] || only_b+=("${t%.out}")
        [[ "$fb" == *" ${t%.out} "* ]] || [[ "$fa" != *" ${t%.out} "* ]] || only_a+=("${t%.out}")
    done
    pair_count=${#differ[@]}
    if [ "$pair_count" -eq 0 ]; then
        echo "$a vs $b: no test output differs"
        return 0
    fi
    echo "$a vs $b: $pair_count tests differ: ${differ[*]}"
    [ ${#only_b[@]} -eq 0 ] || echo "  failed against expected/ only in $b: ${only_b[*]}"
    [ ${#only_a[@]} -eq 0 ] || echo "  failed against expected/ only in $a: ${only_a[*]}"
    echo "  diff: ${out#"$root"/}"
}

# --- main ------------------------------------------------------------------------------------------------------

main() {
    parse_options "$@"
    local started=$SECONDS
    ensure_packages
    ensure_source
    choose_work_directory
    trap cleanup EXIT
    trap 'echo "error: interrupted; stopping the cluster" >&2; exit 130' INT
    trap 'echo "error: terminated; stopping the cluster" >&2; exit 143' TERM

    local server
    server="$("$pg_config" --version)"
    echo "$server server, regression suite of postgresql-15 $src_version, work directory $work"
    [ "$src_version" = "$server_version" ] || echo "note: the suite is older than the server ($server_version);" \
        "tests that fail against expected/ in both modes of a pair with the same output are not reported"
    build_suite
    build_probe
    chown -R postgres:postgres "$work/suite" "$work/lib"
    rm -rf "$artifacts"
    mkdir -p "$work/runs" "$artifacts"

    local mode
    for mode in "${modes[@]}"; do
        run_mode "$mode"
        cp "$work/runs/$mode/pg_regress.log" "$artifacts/$mode.pg_regress.log"
    done

    local pair a b summary=() differs=false
    for pair in "${pairs[@]}"; do
        a="${pair%%:*}"
        b="${pair#*:}"
        rm -f "$artifacts/$a-vs-$b.diff"
        if ! selected "$a" || ! selected "$b"; then
            continue
        fi
        compare "$a" "$b"
        summary+=("$a vs $b: $pair_count tests differ")
        [ "$pair_count" -eq 0 ] || differs=true
    done
    $keep && echo "kept clusters' results and server logs in $work/runs"
    echo "total time $(duration $((SECONDS - started)))"
    if [ ${#summary[@]} -eq 0 ]; then
        echo "no pair compared (a pair needs both of its modes)"
    else
        local IFS=';'
        echo "${summary[*]}" | sed 's/;/; /g'
    fi
    $differs && exit 1
    exit 0
}

main "$@"
