#!/usr/bin/env bash
# The feature-pipeline benchmark of BENCHMARKS.md, in one run: BenchmarkDotNet (EdgeSound's shared
# pipeline vs TorchSharp's stft+mel, one thread; streaming allocations per frame), then the numpy/scipy
# peer on the same clip. Uses a real ESC clip when EDGESOUND_DATA is set, else a generated one.
# Usage: [EDGESOUND_DATA=../shared/datasets/esc10] tools/bench-features.sh [--job short]
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
    --filter '*FeatureBenchmarks*' '*StreamingBenchmarks*' --artifacts "${TMPDIR:-/tmp}/edgesound-bdn" "$@" > "$bdn_log" 2>&1 || status=$?
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
clip=()
if [ -n "${EDGESOUND_DATA:-}" ] && [ -f "$EDGESOUND_DATA/audio/1-100032-A-0.wav" ]; then clip=(--wav "$EDGESOUND_DATA/audio/1-100032-A-0.wav"); fi
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 tools/bench_features_numpy.py "${clip[@]}" --runs 50
