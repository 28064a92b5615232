#!/usr/bin/env bash
# The model benchmark of BENCHMARKS.md, in one run: one window through the shipped model, batch 1,
# one thread: ONNX Runtime float vs int8 vs TorchSharp eval of the same weights; then the file sizes.
# Usage: tools/bench-models.sh [--job short]
set -euo pipefail
cd "$(dirname "$0")/.."
echo "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(date -u +%Y-%m-%d)"
tools/benchmarks/run-bdn.sh --filter '*ModelLatencyBenchmarks*' "$@"
for f in models/esc10.fp32.onnx models/esc10.onnx; do
    printf '%-24s %8d bytes\n' "$f" "$(stat -c %s "$f")"
done
