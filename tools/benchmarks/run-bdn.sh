#!/usr/bin/env bash
# Builds and runs the BenchmarkDotNet project with the arguments given (e.g. --filter '*X*'), and
# prints its results table. The bench-*.sh scripts call it. The whole output goes to a file first, so
# BenchmarkDotNet's own exit status is checked (a filter in a pipe would hide a crash) and, when
# something is wrong, everything it said is shown.
set -euo pipefail
cd "$(dirname "$0")/../.."
dotnet build tools/benchmarks/EdgeSound.Benchmarks -c Release -v quiet -nologo
bdn_log="$(mktemp "${TMPDIR:-/tmp}/edgesound-bdn.XXXXXX.log")"
trap 'rm -f "$bdn_log"' EXIT
echo "running BenchmarkDotNet (minutes; the results table follows) ..."
status=0
dotnet tools/benchmarks/EdgeSound.Benchmarks/bin/Release/net10.0/EdgeSound.Benchmarks.dll \
    --artifacts "${TMPDIR:-/tmp}/edgesound-bdn" "$@" > "$bdn_log" 2>&1 || status=$?
if [ "$status" -ne 0 ]; then
    cat "$bdn_log" >&2
    echo "BenchmarkDotNet failed with exit code $status; its whole output is above." >&2
    exit "$status"
fi
if ! grep -q '^|' "$bdn_log"; then
    cat "$bdn_log" >&2
    echo "BenchmarkDotNet ended without a results table (no benchmark matched?); its whole output is above." >&2
    exit 1
fi
grep -E '^\||^(BenchmarkDotNet|Runtime|  \[Host\])' "$bdn_log"
