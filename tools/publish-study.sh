#!/usr/bin/env bash
# Copies a finished study's report into the repository, for committing: report.md, the results
# tables, the figures, and the winner's weights, card and fold-1 predictions. Never any audio.
#
#   tools/publish-study.sh runs/full docs/results/esc10-full
#
# Refuses a run without report.md (an unfinished study writes none). The destination is replaced.
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 RUN_FOLDER DESTINATION (e.g. runs/full docs/results/esc10-full)" >&2; exit 2; }
run="$1"; dest="$2"
for f in report.md results.csv results.md winner/model.pt winner/model.json winner/result.json winner/test_predictions.csv; do
    [ -f "$run/$f" ] || { echo "$run has no $f: is the study finished (its report is written last)?" >&2; exit 2; }
done
compgen -G "$run/figures/*.png" >/dev/null || { echo "$run/figures holds no PNG figures" >&2; exit 2; }

# Built aside and renamed in last, so a failed copy leaves the old results in place.
rm -rf "$dest.partial"
mkdir -p "$dest.partial/figures" "$dest.partial/winner"
cp "$run/report.md" "$run/results.csv" "$run/results.md" "$dest.partial/"
cp "$run"/figures/*.png "$dest.partial/figures/"
cp "$run"/winner/{model.pt,model.json,result.json,test_predictions.csv} "$dest.partial/winner/"
# An export's evaluation (trainer evaluate --out DEST/onnx) belongs with these results: keep it.
if [ -d "$dest/onnx" ]; then cp -a "$dest/onnx" "$dest.partial/"; fi
rm -rf "$dest" && mv "$dest.partial" "$dest"
du -sh "$dest"
