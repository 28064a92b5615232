using System.Globalization;
using System.Text;
using EdgeSound.Trainer.Metrics;
using EdgeSound.Trainer.Reports;
using EdgeSound.Shared.IO;

namespace EdgeSound.Trainer.Study;

/// <summary>
/// Writes what a study found: the results table (CSV + Markdown), the figures, the winner's weights
/// and configuration for the export step, and report.md tying them together next to the baseline.
/// </summary>
public static class StudyReport
{
    /// <summary>The baseline study's test accuracies on ESC-10 (its notebook's best fold-1 numbers).</summary>
    public const double BaselineCnn = 0.48, BaselineCnnTransformer = 0.56;

    public static SweepOutcome Write(StudyLayout layout, StudySettings settings, string datasetDescription, bool synthetic,
        IReadOnlyList<string> classes, IReadOnlyList<SweepOutcome> sweeps, TimeSpan wallTime)
    {
        Directory.CreateDirectory(layout.Figures);
        var rows = new List<ResultsRow>();
        foreach (var sweep in sweeps)
        foreach (var trial in sweep.Trials)
        {
            var row = ResultsRow.FromFolds($"{sweep.Sweep}/{trial.Config.Name}", trial.Config.Parameters, trial.Folds);
            bool chosen = ReferenceEquals(trial, sweep.Chosen);
            rows.Add(row with
            {
                RetrainedTestAccuracy = chosen ? sweep.Final.TestAccuracy : null,
                RetrainedMacroF1 = chosen ? sweep.Final.TestMacroF1 : null,
                TrainableParameters = trial.Folds[0].TrainableParameters,
                NonTrainableParameters = trial.Folds[0].NonTrainableParameters,
            });
        }
        ResultsTable.WriteCsv(layout.ResultsCsv, rows);
        ResultsTable.WriteMarkdown(layout.ResultsMarkdown, rows);

        foreach (var sweep in sweeps) WriteFigures(layout, sweep, classes);

        var winner = sweeps.OrderByDescending(s => s.Chosen.MeanValidationAccuracy).First();
        CopyWinner(layout, winner);
        WriteMarkdownReport(layout, settings, datasetDescription, synthetic, sweeps, rows, winner, wallTime);
        return winner;
    }

    private static void WriteFigures(StudyLayout layout, SweepOutcome sweep, IReadOnlyList<string> classes)
    {
        var histories = sweep.Chosen.Folds.Select(f => new FoldHistory(f.Fold,
            EpochLog.Read(Path.Combine(layout.FoldFolder(sweep.Sweep, sweep.Chosen.Config.Name, f.Fold), "epochs.csv")))).ToList();
        Plots.TrainingCurves(Path.Combine(layout.Figures, $"{sweep.Sweep}-curves.png"),
            $"{sweep.Sweep} / {sweep.Chosen.Config.Name}: training and validation per fold", histories);

        var predictions = PredictionsFile.Read(Path.Combine(layout.FinalFolder(sweep.Sweep), ModelRun.TestPredictionsFile), classes);
        var matrix = ConfusionMatrix.From(predictions.Truth, predictions.Predicted(), classes.Count);
        Plots.ConfusionMatrixHeatmap(Path.Combine(layout.Figures, $"{sweep.Sweep}-confusion.png"),
            $"{sweep.Sweep} final model, test fold: accuracy {Percent(sweep.Final.TestAccuracy)}", matrix, classes);
        var scores = new double[predictions.Count, classes.Count];
        for (int i = 0; i < predictions.Count; i++)
        for (int c = 0; c < classes.Count; c++) scores[i, c] = predictions.ProbabilitiesOf(i)[c];
        Plots.RocCurves(Path.Combine(layout.Figures, $"{sweep.Sweep}-roc.png"), $"{sweep.Sweep} final model, test fold",
            OneVsRestRoc.Compute(scores, predictions.Truth), classes);
    }

    private static void CopyWinner(StudyLayout layout, SweepOutcome winner)
    {
        Directory.CreateDirectory(layout.Winner);
        foreach (var file in new[] { ModelRun.ModelFile, FinalModelCard.FileName, ModelRun.TestPredictionsFile, ModelRun.ResultFile })
            File.Copy(Path.Combine(layout.FinalFolder(winner.Sweep), file), Path.Combine(layout.Winner, file), overwrite: true);
    }

    private static void WriteMarkdownReport(StudyLayout layout, StudySettings settings, string datasetDescription, bool synthetic,
        IReadOnlyList<SweepOutcome> sweeps, IReadOnlyList<ResultsRow> rows, SweepOutcome winner, TimeSpan wallTime)
    {
        var md = new StringBuilder();
        md.AppendLine($"# EdgeSound study report: {settings.Name}");
        md.AppendLine();
        if (synthetic)
            md.AppendLine("> **SYNTHETIC DEMO DATA.** No dataset was found, so this run used the built-in procedurally generated set. These numbers say nothing about real sounds.\n");
        md.AppendLine($"- Data: {datasetDescription}");
        md.AppendLine($"- Protocol: fold {settings.TestFold} is the test fold, never used for training, early stopping, epoch or trial choice; " +
                      $"folds {string.Join(", ", settings.CrossValidationFolds)} rotate as validation fold. Each sweep's trial with the best mean validation accuracy " +
                      $"is retrained on all of them ({settings.Epochs} epochs, last epoch kept) and tested once.");
        md.AppendLine($"- Windows: {settings.WindowFrames} frames ({settings.WindowFrames * settings.Features.HopLength / (double)settings.Features.SampleRate:0.00} s), " +
                      $"evaluation hop {settings.HopFrames} frames; a clip's score is the mean of its windows' probabilities; windows that are mostly digital silence are not scored.");
        md.AppendLine($"- Features (hash `{settings.Features.Hash}`), computed by the shared pipeline the device runs:");
        md.AppendLine();
        md.AppendLine("```json");
        md.AppendLine(settings.Features.ToJson().TrimEnd());
        md.AppendLine("```");
        md.AppendLine();
        double trainingMinutes = sweeps.Sum(s => s.Trials.Sum(t => t.Folds.Sum(f => f.Seconds)) + s.Final.Seconds) / 60;
        string sizeBudget = settings.MaxTrainableParameters is { } max ? $"models of at most {max} trainable parameters (--max-parameters), " : "";
        string averaging = settings.EmaDecay > 0 ? FormattableString.Invariant($", each keeping the moving average of its weights (decay {settings.EmaDecay}, --ema-decay)") : "";
        string teachers = settings.Teachers.Count == 1
            ? $"the teacher sweep `{settings.Teachers[0]}`"
            : $"the averaged probabilities of the teacher sweeps {string.Join(", ", settings.Teachers.Select(t => $"`{t}`"))}";
        string distilled = settings.Teachers.Count > 0
            ? FormattableString.Invariant($", each distilled from {teachers} (--teacher: a fold model from the teacher's model of the same validation fold, the final from its final; weight {settings.Distillation.Weight}, temperature {settings.Distillation.Temperature})")
            : "";
        md.AppendLine($"- Budget: seed {settings.Seed}, {settings.TrialsPerSweep} trial(s) per sweep, {sizeBudget}{settings.Epochs} epochs per model{averaging}{distilled}. " +
                      $"Time: {trainingMinutes:0.0} min training and scoring all {sweeps.Sum(s => s.Trials.Count * settings.CrossValidationFolds.Length + 1)} models " +
                      $"(summed over every invocation of a resumed run); this invocation took {wallTime.TotalMinutes:0.0} min.");
        md.AppendLine();
        md.AppendLine("## Headline: test accuracy of each sweep's chosen model (honest protocol)");
        md.AppendLine();
        md.AppendLine($"| sweep | chosen trial | mean val acc ({settings.CrossValidationFolds.Length} folds) | **test acc (retrained)** | test macro F1 | best fold-model test acc (optimistic, baseline's definition) | baseline |");
        md.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var s in sweeps)
        {
            string baseline = s.Chosen.Config.Model.Architecture == Models.Architecture.Cnn ? Percent(BaselineCnn) + " (CNN)" : Percent(BaselineCnnTransformer) + " (CNN+Transformer)";
            md.AppendLine($"| {s.Sweep} | {s.Chosen.Config.Name} | {Percent(s.Chosen.MeanValidationAccuracy)} | **{Percent(s.Final.TestAccuracy)}** | " +
                          $"{s.Final.TestMacroF1.ToString("0.000", CultureInfo.InvariantCulture)} | {Percent(s.Chosen.Folds.Max(f => f.TestAccuracy))} | {baseline} |");
        }
        md.AppendLine();
        md.AppendLine($"**Winner** (best mean validation accuracy): `{winner.Sweep}/{winner.Chosen.Config.Name}` — test accuracy {Percent(winner.Final.TestAccuracy)}. " +
                      "Its weights and configuration are in `winner/` (model.pt, model.json) for `trainer export`.");
        md.AppendLine();
        md.AppendLine("## All trials");
        md.AppendLine();
        md.AppendLine(ResultsTable.ToMarkdown(rows));
        md.AppendLine();
        md.AppendLine("## Figures");
        foreach (var s in sweeps)
        {
            md.AppendLine();
            md.AppendLine($"### {s.Sweep}");
            md.AppendLine($"![curves](figures/{s.Sweep}-curves.png)");
            md.AppendLine($"![confusion](figures/{s.Sweep}-confusion.png) ![roc](figures/{s.Sweep}-roc.png)");
        }
        AtomicFile.WriteText(layout.Report, w => w.Write(md.ToString()));
    }

    private static string Percent(double value) => ResultsTable.FormatPercent(value) + "%";
}
