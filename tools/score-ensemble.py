#!/usr/bin/python3
"""What averaging several trained models' probabilities (an ensemble) would score, from the
predictions a study saved; nothing is run or trained.

usage: tools/score-ensemble.py SWEEP_DIR SWEEP_DIR [...]

Each SWEEP_DIR is one sweep of a finished study (RUN/SWEEP), e.g. the same sweep run with --seed 42,
43 and 44; its member is the trial the sweep chose (the one final/model.json names). Prints, per
cross-validation fold, every member's validation accuracy and the ensemble's (mean of the members'
fold-N model probabilities on fold N), then the means over the folds: the ensemble is judged by
validation, as the study judges a trial. Test-fold accuracies of the final models and of their
ensemble follow, to report only.
"""
import csv
import json
import os
import sys


def fail(message):
    sys.exit(f"score-ensemble: {message}")


def read_predictions(path):
    """(clip names, true class indices, probabilities [clips, classes]) of a study's predictions CSV, sorted by clip."""
    if not os.path.isfile(path):
        fail(f"{path}: not found (is the trial finished?)")
    with open(path, newline="") as f:
        rows = list(csv.reader(f))
    if len(rows) < 2 or rows[0][:3] != ["clip", "truth", "predicted"]:
        fail(f"{path}: not a predictions file (expected a header clip,truth,predicted,p_<label>... and rows)")
    labels = [h[2:] for h in rows[0][3:]]
    rows = sorted(rows[1:], key=lambda r: r[0])
    try:
        truth = [labels.index(r[1]) for r in rows]
        probabilities = [[float(x) for x in r[3:]] for r in rows]
    except ValueError as e:
        fail(f"{path}: unreadable row ({e})")
    return [r[0] for r in rows], truth, probabilities


def accuracy(probabilities, truth):
    """Share of clips whose highest probability is their own class."""
    return sum(max(range(len(p)), key=p.__getitem__) == t for p, t in zip(probabilities, truth)) / len(truth)


def score(paths):
    """Each model's accuracy and the ensemble's, on the clips all of the files hold (they must be the same clips)."""
    predictions = [read_predictions(p) for p in paths]
    names, truth, _ = predictions[0]
    for path, (other_names, other_truth, _) in zip(paths[1:], predictions[1:]):
        if other_names != names or other_truth != truth:
            fail(f"{path} scores other clips than {paths[0]}")
    singles = [accuracy(p, truth) for _, _, p in predictions]
    mean = [[sum(column) / len(column) for column in zip(*clip)] for clip in zip(*(p for _, _, p in predictions))]
    return singles, accuracy(mean, truth)


def chosen_trial(sweep):
    """The folder of the trial a finished sweep chose, as its final model's card names it."""
    card = os.path.join(sweep, "final", "model.json")
    if not os.path.isfile(card):
        fail(f"{card}: not found (expected RUN/SWEEP of a finished study)")
    with open(card) as f:
        trial = json.load(f).get("Trial")
    if not trial or not os.path.isdir(os.path.join(sweep, trial)):
        fail(f"{card}: names no trial folder of {sweep} (Trial: {trial!r})")
    return os.path.join(sweep, trial)


def main(sweeps):
    if len(sweeps) < 2:
        fail("give two or more sweep folders (RUN/SWEEP)")
    trials = [chosen_trial(s) for s in sweeps]
    folds = sorted(d for d in os.listdir(trials[0]) if d.startswith("fold-"))
    if not folds:
        fail(f"{trials[0]}: no fold-N folders")
    percent = lambda values: " ".join(f"{100 * v:5.1f}" for v in values)
    totals, ensemble_total = [0.0] * len(trials), 0.0
    print("accuracy (%), one column per member (" + ", ".join(trials) + "), then the ensemble")
    for fold in folds:
        singles, ensemble = score([os.path.join(t, fold, "val_predictions.csv") for t in trials])
        totals = [total + single / len(folds) for total, single in zip(totals, singles)]
        ensemble_total += ensemble / len(folds)
        print(f"{fold} validation: {percent(singles)} | ensemble {100 * ensemble:5.1f}")
    print(f"mean validation:   {percent(totals)} | their mean {100 * sum(totals) / len(totals):.1f} | ensemble {100 * ensemble_total:.1f}")
    singles, ensemble = score([os.path.join(s, "final", "test_predictions.csv") for s in sweeps])
    print(f"test fold, finals (report only): {percent(singles)} | ensemble {100 * ensemble:5.1f}")


if __name__ == "__main__":
    main(sys.argv[1:])
