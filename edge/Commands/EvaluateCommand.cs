using System.CommandLine;
using System.Globalization;
using EdgeSound.Edge.Evaluation;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Inference;
using EdgeSound.Shared.Smoothing;

namespace EdgeSound.Edge.Commands;

/// <summary>
/// <c>edgesound evaluate --data DIR [--folds 1]</c>: plays a dataset's clips one after another with
/// quiet gaps through the listening pipeline (as fast as possible, nothing dropped) and tells how many
/// clips raised an event with their own label, how many events fell in silence or named another
/// sound, and how soon the right event came. The way to choose smoothing settings: with
/// <c>--cross-validate</c>, each training fold played through the cross-validation model that did not
/// train on it; never on the test fold.
/// </summary>
public static class EvaluateCommand
{
    /// <summary>File name of fold <paramref name="fold"/>'s model in a <c>--cross-validate</c> folder.</summary>
    public static string FoldModelFileName(int fold) => $"fold-{fold}.onnx";

    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The dataset: an ESC-50 layout (meta/esc50.csv) or one folder of WAVs per class.", Required = true };
        var folds = new Option<string>("--folds") { Description = "Folds whose clips make the stream, comma-separated.", DefaultValueFactory = _ => "1" };
        var model = ModelLocation.CreateOption();
        var crossValidate = new Option<DirectoryInfo?>("--cross-validate")
        {
            Description = $"A folder with one model per fold ({FoldModelFileName(2)}, ...; tools/export-fold-models.sh writes it from a study): " +
                "each fold is played through its own model, the one that did not train on it, and the scores are pooled. Instead of --model.",
        };
        var rate = new Option<int>("--rate") { Description = "The stream's sample rate (a microphone's).", DefaultValueFactory = _ => 48000 };
        var gap = new Option<double>("--gap") { Description = "Seconds of quiet room noise between clips.", DefaultValueFactory = _ => LabelledStreamSource.DefaultGapSeconds };
        var threshold = new Option<float?>("--threshold") { Description = $"Smoothed confidence an event needs (default {SmootherSettings.DefaultThreshold})." };
        var average = new Option<int?>("--average-windows") { Description = $"Windows averaged (default {SmootherSettings.DefaultAverageWindows})." };
        var minimum = new Option<int?>("--minimum-windows") { Description = $"Windows heard after silence before an event (default {SmootherSettings.DefaultMinimumWindows})." };
        var holdOff = new Option<double?>("--hold-off") { Description = $"Seconds before the same label is reported again (default {SmootherSettings.DefaultSuppressionSeconds})." };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var command = new Command("evaluate", "Play a dataset's clips with quiet gaps through the listening pipeline and count the clips heard with their label.")
        {
            data, folds, model, crossValidate, rate, gap, threshold, average, minimum, holdOff, json,
        };
        command.SetAction(parse =>
        {
            var defaults = new SmootherSettings();
            var smoother = defaults with
            {
                Threshold = parse.GetValue(threshold) ?? defaults.Threshold,
                AverageWindows = parse.GetValue(average) ?? defaults.AverageWindows,
                MinimumWindows = parse.GetValue(minimum) ?? defaults.MinimumWindows,
                SuppressionSeconds = parse.GetValue(holdOff) ?? defaults.SuppressionSeconds,
            };
            var foldList = FoldList.Parse(parse.GetValue(folds)!);
            string dataFolder = parse.GetValue(data)!.FullName;
            if (parse.GetValue(crossValidate) is { } modelFolder)
            {
                if (parse.GetValue(model) is not null) throw new ArgumentException("Give --model or --cross-validate, not both.");
                return RunCrossValidated(dataFolder, foldList, modelFolder.FullName, smoother, parse.GetValue(rate), parse.GetValue(gap), parse.GetValue(json), Console.Out);
            }
            return Run(dataFolder, foldList, ModelLocation.Resolve(parse.GetValue(model)), smoother, parse.GetValue(rate), parse.GetValue(gap),
                parse.GetValue(json), Console.Out);
        });
        return command;
    }

    /// <summary>Plays the clips of <paramref name="folds"/> as one stream through one model.</summary>
    /// <exception cref="ArgumentException">A fold is not in the dataset, or a clip's label is not the model's.</exception>
    public static int Run(string dataFolder, IReadOnlyList<int> folds, string modelPath, SmootherSettings smoother, int sampleRate, double gapSeconds,
        bool json, TextWriter output) =>
        Evaluate(dataFolder, [new Play(folds, modelPath)], modelPath, crossValidated: false, smoother, sampleRate, gapSeconds, json, output);

    /// <summary>
    /// Plays each fold of <paramref name="folds"/> as its own stream through
    /// <paramref name="modelFolder"/>/fold-N.onnx and pools the scores.
    /// </summary>
    /// <exception cref="FileNotFoundException">A fold's model is missing.</exception>
    /// <exception cref="ArgumentException">A fold is not in the dataset, or the fold models disagree on their labels.</exception>
    public static int RunCrossValidated(string dataFolder, IReadOnlyList<int> folds, string modelFolder, SmootherSettings smoother, int sampleRate,
        double gapSeconds, bool json, TextWriter output)
    {
        if (!Directory.Exists(modelFolder))
            throw new DirectoryNotFoundException($"--cross-validate {modelFolder}: no such folder.");
        var plays = folds.Select(fold =>
        {
            var path = Path.Combine(modelFolder, FoldModelFileName(fold));
            return File.Exists(path)
                ? new Play([fold], path)
                : throw new FileNotFoundException($"--cross-validate {modelFolder}: no {FoldModelFileName(fold)} for fold {fold} " +
                    "(tools/export-fold-models.sh writes one per cross-validation fold of a study's trial).", path);
        }).ToList();
        return Evaluate(dataFolder, plays, modelFolder, crossValidated: true, smoother, sampleRate, gapSeconds, json, output);
    }

    /// <summary>Some folds' clips, played as one stream through one model.</summary>
    private sealed record Play(IReadOnlyList<int> Folds, string ModelPath);

    private static int Evaluate(string dataFolder, IReadOnlyList<Play> plays, string modelDescription, bool crossValidated, SmootherSettings smoother,
        int sampleRate, double gapSeconds, bool json, TextWriter output)
    {
        if (!Directory.Exists(dataFolder))
            throw new DirectoryNotFoundException($"--data {dataFolder}: no such folder.");
        if (sampleRate < 8000) throw new ArgumentException($"--rate {sampleRate}: give a microphone's rate, 8000 Hz or more.");
        if (!double.IsFinite(gapSeconds) || gapSeconds < 0) throw new ArgumentException($"--gap {gapSeconds}: give 0 seconds or more.");
        var results = new List<StreamEvaluationResult>();
        IReadOnlyList<string>? firstLabels = null;
        DatasetIndex? index = null;
        foreach (var play in plays)
        {
            using var classifier = OnnxWindowClassifier.Open(play.ModelPath);
            var labels = classifier.Metadata.Labels;
            firstLabels ??= labels;
            if (!labels.SequenceEqual(firstLabels))
                throw new ArgumentException($"{play.ModelPath}: its labels ({string.Join(", ", labels)}) are not those of {plays[0].ModelPath} ({string.Join(", ", firstLabels)}).");
            // Read once: every model has the first one's labels. An ESC-50 download serves both a
            // 10-class and a 50-class model: the model's label count says which.
            index ??= DatasetFolder.Read(dataFolder, labels.Count == 10 ? EscSubset.Esc10 : EscSubset.Esc50);
            foreach (int fold in play.Folds.Where(f => f < 1 || f > index.FoldCount))
                throw new ArgumentException($"--folds: fold {fold} is not in {index.Description} (folds 1-{index.FoldCount}).");
            var clips = index.ClipsInFolds([.. play.Folds]);
            if (clips.Count == 0) throw new ArgumentException($"--folds {string.Join(",", play.Folds)}: no clips in {index.Description}.");
            results.Add(StreamEvaluation.Run(classifier, clips, smoother, sampleRate, gapSeconds));
        }

        var folds = plays.SelectMany(p => p.Folds).ToList();
        var total = new Totals(StreamScore.Pool([.. results.Select(r => r.Score)]), results.Sum(r => r.Stats.WindowsClassified),
            results.Sum(r => r.StreamSeconds), TimeSpan.FromTicks(results.Sum(r => r.Elapsed.Ticks)));
        if (json) WriteJson(output, modelDescription, crossValidated, folds, smoother, total);
        else WriteText(output, modelDescription, crossValidated, folds, smoother, sampleRate, gapSeconds, total);
        return ExitCodes.Success;
    }

    /// <summary>The pooled score and the sums of the streams played.</summary>
    private sealed record Totals(StreamScore Score, long WindowsClassified, double StreamSeconds, TimeSpan Elapsed);

    private static void WriteText(TextWriter output, string model, bool crossValidated, IReadOnlyList<int> folds, SmootherSettings s, int sampleRate,
        double gapSeconds, Totals result)
    {
        var score = result.Score;
        var inv = CultureInfo.InvariantCulture;
        string models = crossValidated ? $"each fold through its own model in {model} (cross-validation)" : $"model: {model}";
        output.WriteLine(string.Create(inv, $"{models}; smoothing: average {s.AverageWindows} windows, at least {s.MinimumWindows} after silence, threshold {s.Threshold:0.00}, hold-off {s.SuppressionSeconds:0.0#} s, level gate {s.SilenceDbfs:0.#} dBFS"));
        output.WriteLine(string.Create(inv, $"stream: {score.Clips} clips of fold(s) {string.Join(",", folds)} at {sampleRate} Hz with {gapSeconds:0.0#}-s gaps, {result.StreamSeconds:0} s of audio, {result.WindowsClassified} windows, processed in {result.Elapsed.TotalSeconds:0.0} s"));
        output.WriteLine(string.Create(inv, $"clips heard with their label: {score.Heard.Count} of {score.Clips} ({score.HeardFraction:P1})"));
        output.WriteLine(string.Create(inv, $"events: {score.Events}; in silence: {score.EventsInSilence}; with another label than the clip they overlap: {score.EventsWithAnotherLabel} (across a clip's onset: {score.EventsWithAnotherLabelAtOnset})"));
        output.WriteLine(score.MedianDelaySeconds is { } delay
            ? string.Create(inv, $"median delay from a clip's start to the end of the first window that reported it: {delay:0.00} s")
            : "median delay: no clip was heard");
        foreach (var missed in score.Missed)
            output.WriteLine($"  missed {missed.Clip.Name} ({missed.Clip.Label}): {(missed.HeardAs.Count == 0 ? "no event" : "heard as " + string.Join(", ", missed.HeardAs))}");
    }

    private static void WriteJson(TextWriter output, string model, bool crossValidated, IReadOnlyList<int> folds, SmootherSettings s, Totals result)
    {
        var score = result.Score;
        output.WriteLine(JsonLine.Of(w =>
        {
            w.WriteStartObject();
            // With cross-validation, the folder of the fold models.
            w.WriteString("model", model);
            w.WriteBoolean("cross_validated", crossValidated);
            w.WriteStartArray("folds");
            foreach (int fold in folds) w.WriteNumberValue(fold);
            w.WriteEndArray();
            w.WriteStartObject("smoothing");
            w.WriteNumber("average_windows", s.AverageWindows);
            w.WriteNumber("minimum_windows", s.MinimumWindows);
            w.WriteNumber("threshold", s.Threshold);
            w.WriteNumber("hold_off_seconds", s.SuppressionSeconds);
            w.WriteNumber("silence_dbfs", s.SilenceDbfs);
            w.WriteEndObject();
            w.WriteNumber("clips", score.Clips);
            w.WriteNumber("heard", score.Heard.Count);
            w.WriteNumber("heard_fraction", score.HeardFraction);
            w.WriteNumber("events", score.Events);
            w.WriteNumber("events_in_silence", score.EventsInSilence);
            w.WriteNumber("events_with_another_label", score.EventsWithAnotherLabel);
            w.WriteNumber("events_with_another_label_at_onset", score.EventsWithAnotherLabelAtOnset);
            if (score.MedianDelaySeconds is { } delay) w.WriteNumber("median_delay_seconds", delay);
            else w.WriteNull("median_delay_seconds");
            w.WriteNumber("stream_seconds", result.StreamSeconds);
            w.WriteStartArray("missed");
            foreach (var missed in score.Missed)
            {
                w.WriteStartObject();
                w.WriteString("clip", missed.Clip.Name);
                w.WriteString("label", missed.Clip.Label);
                w.WriteStartArray("heard_as");
                foreach (var label in missed.HeardAs) w.WriteStringValue(label);
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
            w.WriteEndObject();
        }));
    }
}
