#!/usr/bin/env bash
# Installs what TraceLab needs from Debian when it is missing: the PostgreSQL 15 server, its server headers
# and PGXS (to build the probe), make and gcc; with --tests also Chromium, which renders the HTML report in a
# test. Does nothing when everything is present, so it is safe to run on every invocation. Needs root to
# install; otherwise it names the packages and fails.
set -euo pipefail

missing=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
[ -f /usr/include/postgresql/15/server/postgres.h ] || missing+=(postgresql-server-dev-15)
command -v make >/dev/null 2>&1 || missing+=(make)
command -v gcc >/dev/null 2>&1 || missing+=(gcc)
command -v runuser >/dev/null 2>&1 || missing+=(util-linux)
if [ "${1:-}" = "--tests" ]; then
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
    echo "error: missing Debian packages: ${missing[*]}" >&2
    echo "hint: run as root: apt-get install ${missing[*]}" >&2
    exit 1
fi

echo "installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
# A fresh machine's package lists may be empty or stale; install once, update and retry on failure.
if ! apt-get install -y -q "${missing[@]}" >/dev/null 2>&1; then
    apt-get update -q >/dev/null
    apt-get install -y -q "${missing[@]}" >/dev/null
fi
