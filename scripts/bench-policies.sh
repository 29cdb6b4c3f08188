#!/usr/bin/env bash
# Builds the policy benchmark in Release and runs it: a synthetic trace of millions of operations evaluated under the
# whole built-in catalog on one thread, compared with issue 4's target of 1,000,000 evaluations per second per core.
# Usage: scripts/bench-policies.sh [OPERATIONS] [ROUNDS]   (defaults: 2000000 3)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dotnet build "$root/bench/TraceLab.Benchmarks/TraceLab.Benchmarks.csproj" -c Release --nologo -v quiet
exec dotnet "$root/bench/TraceLab.Benchmarks/bin/Release/net10.0/TraceLab.Benchmarks.dll" "$@"
