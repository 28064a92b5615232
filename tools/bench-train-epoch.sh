#!/usr/bin/env bash
# Seconds per training epoch, TorchSharp (the trainer's models) vs PyTorch (tools/bench_train_epoch.py,
# a layer-for-layer port), on this machine in one run. Builds the benchmark project in Release, then
# runs the two alternately, P T P T P T, so drift on a busy machine hits both, and prints a table of
# medians over the rounds plus the machine facts.
# Usage: tools/bench-train-epoch.sh [--rounds 3] [--epochs 3] [--threads 2]
set -euo pipefail
cd "$(dirname "$0")/.."

rounds=3 epochs=3 threads=2
while [ $# -gt 0 ]; do
    case "$1" in
        --rounds|--epochs|--threads)
            [ $# -ge 2 ] && [[ "$2" =~ ^[1-9][0-9]*$ ]] || { echo "$1: expected a whole number of at least 1, got '${2:-}'" >&2; exit 2; }
            declare "${1#--}=$2"; shift 2 ;;
        -h|--help) sed -n '2,6p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "unknown argument '$1'; usage: $0 [--rounds N] [--epochs N] [--threads N]" >&2; exit 2 ;;
    esac
done

python=/usr/bin/python3  # Debian's, with python3-torch (the pyenv python3 on PATH has no torch)
"$python" -c 'import torch' 2>/dev/null || { echo "$python cannot import torch: apt-get install python3-torch" >&2; exit 1; }

echo "Building tools/benchmarks/EdgeSound.Benchmarks (Release)..." >&2
dotnet build tools/benchmarks/EdgeSound.Benchmarks -c Release -nologo -v quiet >&2
dll=tools/benchmarks/EdgeSound.Benchmarks/bin/Release/net10.0/EdgeSound.Benchmarks.dll

results=$(mktemp)
trap 'rm -f "$results"' EXIT
for round in $(seq 1 "$rounds"); do
    echo "round $round/$rounds: PyTorch..." >&2
    "$python" tools/bench_train_epoch.py --threads "$threads" --epochs "$epochs" | tee -a "$results" >&2
    echo "round $round/$rounds: TorchSharp..." >&2
    dotnet "$dll" epoch --threads "$threads" --epochs "$epochs" | tee -a "$results" >&2
done

"$python" - "$results" <<'PY'
import json, statistics, sys
rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
by = {}
for r in rows:
    by.setdefault((r["model"], r["framework"]), []).append(r)
versions = {fw: rs[0]["version"] for (_, fw), rs in by.items()}
failed = False
print(f"| model | TorchSharp s/epoch | PyTorch s/epoch | ratio TS/PT | trainable params |")
print(f"|---|---:|---:|---:|---:|")
for model in sorted({m for m, _ in by}):
    ts, pt = by[(model, "torchsharp")], by[(model, "pytorch")]
    params = {r["trainable_parameters"] for r in ts + pt}
    if len(params) != 1:
        print(f"{model}: trainable parameter counts differ between the frameworks: {sorted(params)}", file=sys.stderr)
        failed = True
    t = statistics.median(r["seconds_per_epoch"] for r in ts)
    p = statistics.median(r["seconds_per_epoch"] for r in pt)
    print(f"| {model} | {t:.2f} | {p:.2f} | {t / p:.2f} | {'/'.join(map(str, sorted(params)))} |")
r0 = rows[0]
print(f"\nmedian over {len(by[(r0['model'], 'pytorch')])} rounds (P,T alternating) of each run's median of {r0['epochs']} timed epochs "
      f"after 1 warm-up; epoch = {r0['steps_per_epoch']} AdamW steps of batch 32 + eval of {r0['eval_windows']} windows; threads {r0['threads']}")
print(f"TorchSharp: {versions['torchsharp']}; PyTorch: {versions['pytorch']}")
sys.exit(1 if failed else 0)
PY

echo "machine: nproc $(nproc), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//'), load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); dotnet SDK $(dotnet --version); $("$python" --version 2>&1); $(uname -sr)"
