using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeSound.Shared.IO;
using EdgeSound.Trainer.Reports;

namespace EdgeSound.Trainer.Evaluation;

/// <summary>
/// The evaluation as people and programs read it: one Markdown table with the models side by side
/// (accuracy, macro F1, recall per class) plus each model's confusion matrix; and the same numbers,
/// with every clip's prediction, as JSON.
/// </summary>
public static class EvaluationReport
{
    public const string MarkdownFileName = "evaluation.md";
    public const string JsonFileName = "evaluation.json";

    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    /// <summary>The report as Markdown (what the command prints and writes to evaluation.md).</summary>
    public static string ToMarkdown(FoldEvaluation evaluation)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"# Evaluation: fold {evaluation.Fold} of {evaluation.Dataset}, {evaluation.ClipNames.Count} clips\n\n");
        text.Append("Every clip scored through the device path (resample, scoring windows, ONNX Runtime, mean of window probabilities). Percentages.\n\n");

        var models = evaluation.Models;
        text.Append("| | ").Append(string.Join(" | ", models.Select(m => Cell(m.Name)))).Append(" |\n");
        text.Append("|---|").Append(string.Concat(models.Select(_ => "---:|"))).Append('\n');
        Row(text, "accuracy", models.Select(m => m.Accuracy));
        Row(text, "macro F1", models.Select(m => m.MacroF1));
        for (int c = 0; c < evaluation.Classes.Count; c++)
            Row(text, $"recall: {Cell(evaluation.Classes[c])}", models.Select(m => m.Recall[c]));
        text.Append("| precision | ").Append(string.Join(" | ", models.Select(m => m.Precision))).Append(" |\n");
        text.Append("| scoring time (s) | ").Append(string.Join(" | ", models.Select(m => m.Seconds.ToString("F1", CultureInfo.InvariantCulture)))).Append(" |\n");

        foreach (var model in models)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## Confusion matrix: {Cell(model.Name)}\n\nRows are the true class, columns the predicted class.\n\n");
            text.Append("| true \\ predicted | ").Append(string.Join(" | ", evaluation.Classes.Select(Cell))).Append(" |\n");
            text.Append("|---|").Append(string.Concat(evaluation.Classes.Select(_ => "---:|"))).Append('\n');
            for (int t = 0; t < evaluation.Classes.Count; t++)
            {
                text.Append("| ").Append(Cell(evaluation.Classes[t])).Append(" | ");
                text.Append(string.Join(" | ", Enumerable.Range(0, evaluation.Classes.Count).Select(p => model.Matrix[t, p].ToString(CultureInfo.InvariantCulture))));
                text.Append(" |\n");
            }
        }
        return text.ToString();
    }

    /// <summary>The report as indented JSON: metrics per model, confusion matrices and every clip's prediction.</summary>
    public static string ToJson(FoldEvaluation evaluation)
    {
        var document = new
        {
            dataset = evaluation.Dataset,
            fold = evaluation.Fold,
            classes = evaluation.Classes,
            clip_count = evaluation.ClipNames.Count,
            models = evaluation.Models.Select(m => new
            {
                name = m.Name,
                path = m.ModelPath,
                precision = m.Precision,
                accuracy = m.Accuracy,
                macro_f1 = m.MacroF1,
                // null for a class without clips in the fold (recall 0/0)
                recall = evaluation.Classes.Select((label, c) => new { label, value = double.IsNaN(m.Recall[c]) ? (double?)null : m.Recall[c] }),
                confusion_matrix = Enumerable.Range(0, m.Matrix.ClassCount)
                    .Select(t => Enumerable.Range(0, m.Matrix.ClassCount).Select(p => m.Matrix[t, p]).ToArray()),
                seconds = m.Seconds,
                clips = evaluation.ClipNames.Select((clip, i) => new
                {
                    clip,
                    truth = evaluation.Classes[evaluation.Truth[i]],
                    predicted = evaluation.Classes[m.Predicted[i]],
                    confidence = m.Confidence[i],
                }),
            }),
        };
        return JsonSerializer.Serialize(document, Json);
    }

    /// <summary>Writes evaluation.md and evaluation.json into <paramref name="folder"/> (created if needed), each atomically.</summary>
    public static (string Markdown, string Json) Write(FoldEvaluation evaluation, string folder)
    {
        Directory.CreateDirectory(folder);
        var markdown = Path.Combine(folder, MarkdownFileName);
        var json = Path.Combine(folder, JsonFileName);
        AtomicFile.WriteText(markdown, w => w.Write(ToMarkdown(evaluation)));
        AtomicFile.WriteText(json, w => w.Write(ToJson(evaluation)));
        return (markdown, json);
    }

    private static void Row(StringBuilder text, string name, IEnumerable<double> values) =>
        text.Append("| ").Append(name).Append(" | ")
            .Append(string.Join(" | ", values.Select(v => double.IsNaN(v) ? "n/a" : ResultsTable.FormatPercent(v))))
            .Append(" |\n");

    // A '|' in a name would split the Markdown cell.
    private static string Cell(string text) => text.Replace("|", "\\|", StringComparison.Ordinal);
}
