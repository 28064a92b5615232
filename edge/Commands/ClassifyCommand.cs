using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Inference;
using EdgeSound.Shared.Models;

namespace EdgeSound.Edge.Commands;

/// <summary>
/// <c>edgesound classify FILE... [--model M] [--json] [--timeline]</c>: classifies whole WAV files the
/// way the trainer scored its test fold (shared windows, mean of window probabilities). A file that
/// cannot be read is reported and skipped; the exit code is then 2.
/// </summary>
public static class ClassifyCommand
{
    public static Command Create()
    {
        var files = new Argument<FileInfo[]>("FILE") { Description = "WAV files (any PCM/float format, rate and channel count).", Arity = ArgumentArity.OneOrMore };
        var model = ModelLocation.CreateOption();
        var json = new Option<bool>("--json") { Description = "One JSON object per file: file, label, confidence, scores (and windows with --timeline)." };
        var timeline = new Option<bool>("--timeline") { Description = "Also show every window's top label and confidence." };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime threads.", DefaultValueFactory = _ => 1 };
        var command = new Command("classify", "Classify WAV files with the model.") { files, model, json, timeline, threads };
        command.SetAction(parse => Run(
            parse.GetValue(files)!.Select(f => f.FullName).ToArray(), ModelLocation.Resolve(parse.GetValue(model)),
            parse.GetValue(json), parse.GetValue(timeline), parse.GetValue(threads), Console.Out, Console.Error));
        return command;
    }

    public static int Run(IReadOnlyList<string> files, string modelPath, bool json, bool timeline, int threads, TextWriter output, TextWriter error)
    {
        using var classifier = OnnxWindowClassifier.Open(modelPath, new OnnxClassifierOptions { IntraOpThreads = threads });
        var clips = new ClipClassifier(classifier);
        int failures = 0;
        foreach (var file in files)
        {
            ClipScore score;
            try
            {
                score = clips.ScoreFile(file);
            }
            catch (Exception e) when (e is WavFormatException or InvalidDataException or FileNotFoundException or IOException or ArgumentException)
            {
                error.WriteLine($"error: {e.Message}");
                failures++;
                continue;
            }
            output.WriteLine(json ? ToJson(file, score, timeline) : ToText(file, score, timeline));
        }
        return failures == 0 ? 0 : 2;
    }

    private static string ToText(string file, ClipScore score, bool timeline)
    {
        var text = new StringBuilder();
        var top = Ranked(score.Probabilities).Take(3).Select(i => $"{score.Labels[i]} {score.Probabilities[i]:F3}");
        text.Append(CultureInfo.InvariantCulture, $"{file}: {score.TopLabel} ({score.Confidence:P1}); top: {string.Join(", ", top)}");
        if (timeline)
            foreach (var w in score.Windows)
            {
                int best = Ranked(w.Probabilities).First();
                text.AppendLine();
                text.Append(CultureInfo.InvariantCulture, $"  {w.StartSeconds,6:F2}-{w.EndSeconds,6:F2} s  {score.Labels[best]} {w.Probabilities[best]:F3}");
            }
        return text.ToString();
    }

    private static string ToJson(string file, ClipScore score, bool timeline)
    {
        return JsonLine.Of(w =>
        {
            w.WriteStartObject();
            w.WriteString("file", file);
            w.WriteString("label", score.TopLabel);
            w.WriteNumber("confidence", score.Confidence);
            WriteScores(w, "scores", score.Labels, score.Probabilities);
            if (timeline)
            {
                w.WriteStartArray("windows");
                foreach (var window in score.Windows)
                {
                    int best = Ranked(window.Probabilities).First();
                    w.WriteStartObject();
                    w.WriteNumber("start", Math.Round(window.StartSeconds, 4));
                    w.WriteNumber("end", Math.Round(window.EndSeconds, 4));
                    w.WriteString("label", score.Labels[best]);
                    w.WriteNumber("confidence", window.Probabilities[best]);
                    WriteScores(w, "scores", score.Labels, window.Probabilities);
                    w.WriteEndObject();
                }
                w.WriteEndArray();
            }
            w.WriteEndObject();
        });
    }

    private static void WriteScores(Utf8JsonWriter w, string name, IReadOnlyList<string> labels, float[] probabilities)
    {
        w.WriteStartObject(name);
        for (int i = 0; i < labels.Count; i++) w.WriteNumber(labels[i], probabilities[i]);
        w.WriteEndObject();
    }

    /// <summary>Label indices from most to least probable (stable: the lower index first on ties).</summary>
    private static IEnumerable<int> Ranked(float[] probabilities) =>
        Enumerable.Range(0, probabilities.Length).OrderByDescending(i => probabilities[i]);
}
