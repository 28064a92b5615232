#!/usr/bin/env bash
# The model benchmark of BENCHMARKS.md, in one run: one window through the shipped model, batch 1,
# one thread: ONNX Runtime float vs int8 vs TorchSharp eval of the same weights; then the file sizes.
# Usage: tools/bench-models.sh [--job short]
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d)"
dotnet build tools/benchmarks/EdgeSound.Benchmarks -c Release -v quiet -nologo
# The whole output goes to a file first, so BenchmarkDotNet's own exit status is checked (a filter
# in a pipe would hide a crash) and, when something is wrong, everything it said is shown.
bdn_log="$(mktemp "${TMPDIR:-/tmp}/edgesound-bdn.XXXXXX.log")"
trap 'rm -f "$bdn_log"' EXIT
echo "running BenchmarkDotNet (minutes; the results table follows) ..."
status=0
dotnet tools/benchmarks/EdgeSound.Benchmarks/bin/Release/net10.0/EdgeSound.Benchmarks.dll \
    --filter '*ModelLatencyBenchmarks*' --artifacts "${TMPDIR:-/tmp}/edgesound-bdn" "$@" > "$bdn_log" 2>&1 || status=$?
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
for f in models/esc10.fp32.onnx models/esc10.onnx; do
    printf '%-24s %8d bytes\n' "$f" "$(stat -c %s "$f")"
done
