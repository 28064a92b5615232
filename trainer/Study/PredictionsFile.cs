using System.Globalization;
using EdgeSound.Trainer.Reports;
using EdgeSound.Trainer.Training;
using EdgeSound.Shared.IO;

namespace EdgeSound.Trainer.Study;

/// <summary>
/// Clip-level predictions as CSV (<c>clip,truth,predicted,p_&lt;label&gt;...</c>), so every accuracy in
/// a table can be recomputed from what was saved. Probabilities are written round-trippable ("R");
/// names are CSV-quoted where needed (a folder-per-class dataset may have commas in them).
/// </summary>
public static class PredictionsFile
{
    public static void Write(string path, ClipPredictions predictions, IReadOnlyList<string> classes)
    {
        var predicted = predictions.Predicted();
        AtomicFile.WriteText(path, w =>
        {
            w.WriteLine(CsvText.Join(["clip", "truth", "predicted", .. classes.Select(c => "p_" + c)]));
            for (int i = 0; i < predictions.Count; i++)
            {
                var probs = predictions.ProbabilitiesOf(i).ToArray().Select(p => p.ToString("R", CultureInfo.InvariantCulture));
                w.WriteLine(CsvText.Join([predictions.ClipNames[i], classes[predictions.Truth[i]], classes[predicted[i]], .. probs]));
            }
        });
    }

    public static ClipPredictions Read(string path, IReadOnlyList<string> classes)
    {
        var lines = File.ReadAllLines(path);
        if (lines.Length == 0) throw new InvalidDataException($"{path}: empty predictions file.");
        var names = new List<string>();
        var truth = new List<int>();
        var probs = new List<float>();
        for (int n = 1; n < lines.Length; n++)
        {
            var cells = CsvText.Split(lines[n]);
            if (cells.Count != 3 + classes.Count)
                throw new InvalidDataException($"{path}:{n + 1}: expected {3 + classes.Count} columns, found {cells.Count}.");
            int t = IndexOf(classes, cells[1], path, n + 1);
            names.Add(cells[0]);
            truth.Add(t);
            for (int c = 0; c < classes.Count; c++) probs.Add(float.Parse(cells[3 + c], CultureInfo.InvariantCulture));
        }
        return new ClipPredictions(names, truth.ToArray(), probs.ToArray(), classes.Count);
    }

    private static int IndexOf(IReadOnlyList<string> classes, string label, string path, int line)
    {
        for (int i = 0; i < classes.Count; i++) if (classes[i] == label) return i;
        throw new InvalidDataException($"{path}:{line}: unknown label '{label}'.");
    }
}
