#!/usr/bin/env bash
# The feature-pipeline benchmark of BENCHMARKS.md, in one run: BenchmarkDotNet (EdgeSound's shared
# pipeline vs TorchSharp's stft+mel, one thread; streaming allocations per frame), then the numpy/scipy
# peer on the same clip. Uses a real ESC clip when EDGESOUND_DATA is set, else a generated one.
# Usage: [EDGESOUND_DATA=../shared/datasets/esc10] tools/bench-features.sh [--job short]
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d)"
tools/benchmarks/run-bdn.sh --filter '*FeatureBenchmarks*' '*StreamingBenchmarks*' "$@"
clip=()
if [ -n "${EDGESOUND_DATA:-}" ] && [ -f "$EDGESOUND_DATA/audio/1-100032-A-0.wav" ]; then clip=(--wav "$EDGESOUND_DATA/audio/1-100032-A-0.wav"); fi
OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 /usr/bin/python3 tools/bench_features_numpy.py "${clip[@]}" --runs 50
