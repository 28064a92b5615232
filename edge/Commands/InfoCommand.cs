using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using EdgeSound.Shared.Inference;
using EdgeSound.Shared.Models;

namespace EdgeSound.Edge.Commands;

/// <summary>
/// <c>edgesound info [--model M] [--json]</c>: what a model file says about itself (labels, feature
/// configuration, input shape, window, training run, test metrics), after the same checks the
/// device applies before it serves the model.
/// </summary>
public static class InfoCommand
{
    public static Command Create()
    {
        var model = ModelLocation.CreateOption();
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of text." };
        var command = new Command("info", "Show a model's labels, feature configuration, input shape and metrics.") { model, json };
        command.SetAction(parse => Run(ModelLocation.Resolve(parse.GetValue(model)), parse.GetValue(json), Console.Out));
        return command;
    }

    public static int Run(string modelPath, bool json, TextWriter output)
    {
        // Opening through the classifier applies every check the device does (metadata, shapes).
        using var classifier = OnnxWindowClassifier.Open(modelPath);
        var m = classifier.Metadata;
        var bytes = new FileInfo(modelPath).Length;
        output.WriteLine(json ? ToJson(modelPath, bytes, m) : ToText(modelPath, bytes, m));
        return 0;
    }

    private static string ToText(string path, long bytes, ModelMetadata m)
    {
        var f = m.Features;
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"model:     {path} ({bytes / 1024.0:F1} KiB, {m.Precision})");
        text.AppendLine(CultureInfo.InvariantCulture, $"labels:    {string.Join(", ", m.Labels)}");
        text.AppendLine(CultureInfo.InvariantCulture, $"input:     '{ModelMetadata.InputName}' [batch, {string.Join(", ", m.InputShape)}] ({InputKindNames.ToName(m.InputKind)})");
        text.AppendLine(CultureInfo.InvariantCulture, $"window:    {m.WindowFrames} frames = {m.WindowSamples} samples = {m.WindowSamples / (double)f.SampleRate:F2} s; default hop {m.HopFrames} frames = {m.HopFrames * f.HopLength / (double)f.SampleRate:F2} s");
        text.AppendLine(CultureInfo.InvariantCulture, $"features:  {f.SampleRate} Hz, FFT {f.FftSize}, window {f.WindowLength} ({f.Window}), hop {f.HopLength}, {f.MelCount} mels {f.FMin:0}-{f.FMax:0} Hz, hash {f.Hash}");
        text.AppendLine(CultureInfo.InvariantCulture, $"run:       {m.RunJson}");
        text.Append(CultureInfo.InvariantCulture, $"metrics:   {m.MetricsJson}");
        return text.ToString();
    }

    private static string ToJson(string path, long bytes, ModelMetadata m)
    {
        return JsonLine.Of(w =>
        {
            w.WriteStartObject();
            w.WriteString("model", path);
            w.WriteNumber("bytes", bytes);
            w.WriteString("precision", m.Precision);
            w.WriteStartArray("labels");
            foreach (var label in m.Labels) w.WriteStringValue(label);
            w.WriteEndArray();
            w.WriteString("input_name", ModelMetadata.InputName);
            w.WriteString("input_kind", InputKindNames.ToName(m.InputKind));
            w.WriteStartArray("input_shape");
            w.WriteStringValue("batch");
            foreach (var d in m.InputShape) w.WriteNumberValue(d);
            w.WriteEndArray();
            w.WriteNumber("window_frames", m.WindowFrames);
            w.WriteNumber("window_samples", m.WindowSamples);
            w.WriteNumber("hop_frames", m.HopFrames);
            w.WriteString("feature_config_hash", m.Features.Hash);
            w.WritePropertyName("feature_config");
            w.WriteRawValue(m.Features.ToJson());
            WriteJsonOrText(w, "run", m.RunJson);
            WriteJsonOrText(w, "metrics", m.MetricsJson);
            w.WriteEndObject();
        });
    }

    /// <summary>Embeds a metadata value as JSON when it is JSON, else as a string (files from other tools).</summary>
    private static void WriteJsonOrText(Utf8JsonWriter w, string name, string value)
    {
        try
        {
            using var _ = JsonDocument.Parse(value);
        }
        catch (JsonException)
        {
            w.WriteString(name, value);
            return;
        }
        w.WritePropertyName(name);
        w.WriteRawValue(value);
    }
}
