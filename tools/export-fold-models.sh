#!/usr/bin/env bash
# Exports the cross-validation models of one study trial to ONNX, one per fold, for choosing the
# device's smoothing settings honestly: fold N's clips are then played through fold-N.onnx, the
# model that did not train on them (`edgesound evaluate --folds 2,3,4,5 --cross-validate OUT`).
#
#   tools/export-fold-models.sh runs/seed42/arch2-h1-long/giddy-sweep-1 runs/seed42/fold-models
#
# Needs a study whose fold models kept their weights (fold-N/model.pt: every study since 2026-11-25).
# Each file is written atomically by `trainer export`; a failed export stops the script.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 TRIAL_FOLDER OUT_FOLDER (e.g. runs/full/arch2-h1/major-sweep-2 runs/full/fold-models)" >&2; exit 2; }
trial="$1"; out="$2"
compgen -G "$trial/fold-*/model.pt" >/dev/null ||
    { echo "$trial has no fold-N/model.pt: give a trial folder of a study whose fold models kept their weights" >&2; exit 2; }

root="$(cd "$(dirname "$0")/.." && pwd)"
# Built once, then run per fold (dotnet run would check the build every time).
dotnet build "$root/trainer" -c Release --nologo -v quiet
trainer="$root/trainer/bin/Release/net10.0/edgesound-trainer.dll"
mkdir -p "$out"
for fold_dir in "$trial"/fold-*/; do
    fold="$(basename "$fold_dir")"
    dotnet "$trainer" export --model "$fold_dir/model.pt" --out "$out/$fold.onnx"
done
