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
/// sound, and how soon the right event came. The way to choose smoothing settings: try them on the
/// training folds, never on the test fold.
/// </summary>
public static class EvaluateCommand
{
    public static Command Create()
    {
        var data = new Option<DirectoryInfo>("--data") { Description = "The dataset: an ESC-50 layout (meta/esc50.csv) or one folder of WAVs per class.", Required = true };
        var folds = new Option<string>("--folds") { Description = "Folds whose clips make the stream, comma-separated.", DefaultValueFactory = _ => "1" };
        var model = ModelLocation.CreateOption();
        var rate = new Option<int>("--rate") { Description = "The stream's sample rate (a microphone's).", DefaultValueFactory = _ => 48000 };
        var gap = new Option<double>("--gap") { Description = "Seconds of quiet room noise between clips.", DefaultValueFactory = _ => LabelledStreamSource.DefaultGapSeconds };
        var threshold = new Option<float?>("--threshold") { Description = $"Smoothed confidence an event needs (default {SmootherSettings.DefaultThreshold})." };
        var average = new Option<int?>("--average-windows") { Description = $"Windows averaged (default {SmootherSettings.DefaultAverageWindows})." };
        var minimum = new Option<int?>("--minimum-windows") { Description = $"Windows heard after silence before an event (default {SmootherSettings.DefaultMinimumWindows})." };
        var holdOff = new Option<double?>("--hold-off") { Description = $"Seconds before the same label is reported again (default {SmootherSettings.DefaultSuppressionSeconds})." };
        var json = new Option<bool>("--json") { Description = "Print the result as one JSON object." };
        var command = new Command("evaluate", "Play a dataset's clips with quiet gaps through the listening pipeline and count the clips heard with their label.")
        {
            data, folds, model, rate, gap, threshold, average, minimum, holdOff, json,
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
            return Run(parse.GetValue(data)!.FullName, FoldList.Parse(parse.GetValue(folds)!), ModelLocation.Resolve(parse.GetValue(model)),
                smoother, parse.GetValue(rate), parse.GetValue(gap), parse.GetValue(json), Console.Out);
        });
        return command;
    }

    /// <exception cref="ArgumentException">A fold is not in the dataset, or a clip's label is not the model's.</exception>
    public static int Run(string dataFolder, IReadOnlyList<int> folds, string modelPath, SmootherSettings smoother, int sampleRate, double gapSeconds,
        bool json, TextWriter output)
    {
        if (!Directory.Exists(dataFolder))
            throw new DirectoryNotFoundException($"--data {dataFolder}: no such folder.");
        if (sampleRate < 8000) throw new ArgumentException($"--rate {sampleRate}: give a microphone's rate, 8000 Hz or more.");
        if (!double.IsFinite(gapSeconds) || gapSeconds < 0) throw new ArgumentException($"--gap {gapSeconds}: give 0 seconds or more.");
        using var classifier = OnnxWindowClassifier.Open(modelPath);
        // An ESC-50 download serves both a 10-class and a 50-class model: the model's label count says which.
        var index = DatasetFolder.Read(dataFolder, classifier.Metadata.Labels.Count == 10 ? EscSubset.Esc10 : EscSubset.Esc50);
        foreach (int fold in folds.Where(f => f < 1 || f > index.FoldCount))
            throw new ArgumentException($"--folds: fold {fold} is not in {index.Description} (folds 1-{index.FoldCount}).");
        var clips = index.ClipsInFolds([.. folds]);
        if (clips.Count == 0) throw new ArgumentException($"--folds {string.Join(",", folds)}: no clips in {index.Description}.");

        var result = StreamEvaluation.Run(classifier, clips, smoother, sampleRate, gapSeconds);
        if (json) WriteJson(output, modelPath, folds, smoother, result);
        else WriteText(output, modelPath, folds, smoother, sampleRate, gapSeconds, result);
        return ExitCodes.Success;
    }

    private static void WriteText(TextWriter output, string modelPath, IReadOnlyList<int> folds, SmootherSettings s, int sampleRate, double gapSeconds,
        StreamEvaluationResult result)
    {
        var score = result.Score;
        var inv = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(inv, $"model: {modelPath}; smoothing: average {s.AverageWindows} windows, at least {s.MinimumWindows} after silence, threshold {s.Threshold:0.00}, hold-off {s.SuppressionSeconds:0.0#} s, level gate {s.SilenceDbfs:0.#} dBFS"));
        output.WriteLine(string.Create(inv, $"stream: {score.Clips} clips of fold(s) {string.Join(",", folds)} at {sampleRate} Hz with {gapSeconds:0.0#}-s gaps, {result.StreamSeconds:0} s of audio, {result.Stats.WindowsClassified} windows, processed in {result.Elapsed.TotalSeconds:0.0} s"));
        output.WriteLine(string.Create(inv, $"clips heard with their label: {score.Heard.Count} of {score.Clips} ({score.HeardFraction:P1})"));
        output.WriteLine(string.Create(inv, $"events: {score.Events}; in silence: {score.EventsInSilence}; with another label than the clip they overlap: {score.EventsWithAnotherLabel} (across a clip's onset: {score.EventsWithAnotherLabelAtOnset})"));
        output.WriteLine(score.MedianDelaySeconds is { } delay
            ? string.Create(inv, $"median delay from a clip's start to the end of the first window that reported it: {delay:0.00} s")
            : "median delay: no clip was heard");
        foreach (var missed in score.Missed)
            output.WriteLine($"  missed {missed.Clip.Name} ({missed.Clip.Label}): {(missed.HeardAs.Count == 0 ? "no event" : "heard as " + string.Join(", ", missed.HeardAs))}");
    }

    private static void WriteJson(TextWriter output, string modelPath, IReadOnlyList<int> folds, SmootherSettings s, StreamEvaluationResult result)
    {
        var score = result.Score;
        output.WriteLine(JsonLine.Of(w =>
        {
            w.WriteStartObject();
            w.WriteString("model", modelPath);
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
