using System.Globalization;
using System.Text;
using EdgeSound.Shared.IO;

namespace EdgeSound.Trainer.Reports;

/// <summary>
/// The study's results table as CSV (one column per hyperparameter, for analysis) and Markdown (one
/// compact hyperparameter string, for reading). Invariant culture; accuracies and F1 as percentages
/// with one decimal, losses with four; empty cells (CSV) or "–" (Markdown) for values not measured.
/// A trial whose training diverged is named as such (CSV column "diverged"; Markdown, in place of its mean validation accuracy).
/// Both files are written to a temporary file and renamed.
/// </summary>
public static class ResultsTable
{
    private static readonly string[] MetricHeaders =
    [
        "avg_val_loss", "avg_val_acc_pct", "avg_train_loss", "avg_train_acc_pct",
        "best_test_acc_pct_optimistic", "best_test_macro_f1_pct_optimistic", "retrained_test_acc_pct", "retrained_macro_f1_pct",
        "trainable_params", "non_trainable_params",
    ];

    private const string DivergedHeader = "diverged";

    private static readonly string[] MarkdownHeaders =
    [
        "Run", "Hyperparameters", "Avg val loss", "Avg val acc", "Avg train loss", "Avg train acc",
        "Best test acc (optimistic: best fold model)", "Its macro F1 (optimistic)", "Retrained test acc", "Retrained macro F1",
        "Trainable params", "Non-trainable params",
    ];

    /// <summary>Writes the rows as CSV: run, hyperparameters (compact), one hp_ column per hyperparameter, then the metrics.</summary>
    public static void WriteCsv(string path, IReadOnlyList<ResultsRow> rows)
    {
        var parameterNames = rows.SelectMany(r => r.Hyperparameters.Keys).Distinct(StringComparer.Ordinal).ToList();
        AtomicFile.WriteText(path, writer =>
        {
            writer.NewLine = "\n";
            writer.WriteLine(CsvText.Join(["run", "hyperparameters", .. parameterNames.Select(p => "hp_" + p), .. MetricHeaders, DivergedHeader]));
            foreach (var row in rows)
            {
                var hp = parameterNames.Select(p => row.Hyperparameters.TryGetValue(p, out var v) ? FormatValue(v) : "");
                writer.WriteLine(CsvText.Join([row.RunName, CompactHyperparameters(row.Hyperparameters), .. hp, .. MetricCells(row, ""), row.Diverged ?? ""]));
            }
        });
    }

    /// <summary>Writes the rows as a GitHub-flavoured Markdown table.</summary>
    public static void WriteMarkdown(string path, IReadOnlyList<ResultsRow> rows) =>
        AtomicFile.WriteText(path, writer =>
        {
            writer.NewLine = "\n";
            writer.Write(ToMarkdown(rows));
        });

    /// <summary>The Markdown table text (header, alignment row, one line per result).</summary>
    public static string ToMarkdown(IReadOnlyList<ResultsRow> rows)
    {
        var text = new StringBuilder();
        text.Append(MarkdownLine(MarkdownHeaders));
        // Names and hyperparameters left-aligned, numbers right-aligned.
        text.Append(MarkdownLine(MarkdownHeaders.Select((_, i) => i < 2 ? ":---" : "---:")));
        foreach (var row in rows)
        {
            string hp = CompactHyperparameters(row.Hyperparameters);
            var cells = new List<string> { row.RunName, hp.Length == 0 ? "–" : hp };
            cells.AddRange(MetricCells(row, "–").Select((cell, i) => cell == "–" || !MetricHeaders[i].Contains("pct") ? cell : cell + "%"));
            // The CSV's "diverged" column is told in the mean validation accuracy's cell here.
            if (row.Diverged is { } folds) cells[MarkdownHeaders.IndexOf("Avg val acc")] = $"diverged ({folds})";
            text.Append(MarkdownLine(cells));
        }
        return text.ToString();
    }

    /// <summary>"name=value, name=value" in sweep order; doubles with 4 significant digits.</summary>
    public static string CompactHyperparameters(IReadOnlyDictionary<string, object> hyperparameters) =>
        string.Join(", ", hyperparameters.Select(kv => $"{kv.Key}={FormatCompact(kv.Value)}"));

    private static IEnumerable<string> MetricCells(ResultsRow row, string missing)
    {
        yield return Loss(row.AverageValLoss, missing);
        yield return Percent(row.AverageValAccuracy, missing);
        yield return Loss(row.AverageTrainLoss, missing);
        yield return Percent(row.AverageTrainAccuracy, missing);
        yield return Percent(row.BestTestAccuracyOptimistic, missing);
        yield return Percent(row.BestTestMacroF1Optimistic, missing);
        yield return Percent(row.RetrainedTestAccuracy, missing);
        yield return Percent(row.RetrainedMacroF1, missing);
        yield return row.TrainableParameters?.ToString(CultureInfo.InvariantCulture) ?? missing;
        yield return row.NonTrainableParameters?.ToString(CultureInfo.InvariantCulture) ?? missing;
    }

    private static string Percent(double? fraction, string missing) => fraction is double f ? FormatPercent(f) : missing;

    /// <summary>A fraction as the tables print it: a percentage with one decimal, invariant culture.</summary>
    public static string FormatPercent(double fraction) => (fraction * 100).ToString("F1", CultureInfo.InvariantCulture);

    private static string Loss(double? loss, string missing) =>
        loss is double l ? l.ToString("F4", CultureInfo.InvariantCulture) : missing;

    private static string FormatValue(object value) => value switch
    {
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };

    private static string FormatCompact(object value) => value switch
    {
        double d => d.ToString("G4", CultureInfo.InvariantCulture),
        _ => FormatValue(value),
    };

    private static string MarkdownLine(IEnumerable<string> cells) =>
        "| " + string.Join(" | ", cells.Select(c => c.Replace("|", "\\|").Replace('\n', ' '))) + " |\n";
}
