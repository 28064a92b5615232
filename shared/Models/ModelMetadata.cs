using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeSound.Shared.Features;

namespace EdgeSound.Shared.Models;

/// <summary>
/// What a device needs to know about a model beside its weights, carried in the ONNX file's
/// <c>metadata_props</c> under the <c>edgesound.*</c> keys: class labels in output order, the
/// feature configuration (JSON and hash), the window the model reads, the input kind, which
/// training run made it and its test metrics. The trainer writes it at export; every reader
/// (edge, trainer evaluate) goes through <see cref="FromProperties"/>, which refuses a model it
/// cannot serve exactly as trained.
/// </summary>
public sealed record ModelMetadata
{
    /// <summary>Bumped when the meaning of a key changes; readers refuse versions they do not know.</summary>
    public const int CurrentFormatVersion = 1;

    public const string FormatVersionKey = "edgesound.format_version";
    public const string LabelsKey = "edgesound.labels";
    public const string FeatureConfigKey = "edgesound.feature_config";
    public const string FeatureConfigHashKey = "edgesound.feature_config_hash";
    public const string WindowFramesKey = "edgesound.window_frames";
    public const string HopFramesKey = "edgesound.hop_frames";
    public const string InputKindKey = "edgesound.input_kind";
    public const string RunKey = "edgesound.run";
    public const string MetricsKey = "edgesound.metrics";
    public const string PrecisionKey = "edgesound.precision";

    /// <summary>Name of the model's input tensor.</summary>
    public const string InputName = "input";

    /// <summary>Name of the raw class scores output.</summary>
    public const string LogitsName = "logits";

    /// <summary>Name of the softmax output.</summary>
    public const string ProbabilitiesName = "probabilities";

    /// <summary>Class labels in the order of the model's outputs.</summary>
    public required IReadOnlyList<string> Labels { get; init; }

    /// <summary>The features the model was trained on.</summary>
    public required FeatureConfig Features { get; init; }

    /// <summary>Log-mel frames one model input spans (both input kinds: a waveform model reads the samples of that span).</summary>
    public required int WindowFrames { get; init; }

    /// <summary>Default step between windows in frames (the trainer's evaluation hop).</summary>
    public required int HopFrames { get; init; }

    /// <summary>What the model reads.</summary>
    public required InputKind InputKind { get; init; }

    /// <summary>The training run that produced the weights (JSON object: study, sweep, trial, hyperparameters).</summary>
    public string RunJson { get; init; } = "{}";

    /// <summary>Test metrics recorded at export or evaluation (JSON object).</summary>
    public string MetricsJson { get; init; } = "{}";

    /// <summary>"float32" for an exported model, "int8" for a quantised one (informational).</summary>
    public string Precision { get; init; } = "float32";

    /// <summary>Samples one model input spans at <see cref="FeatureConfig.SampleRate"/>.</summary>
    public int WindowSamples => ModelInputShape.WindowSamples(Features, WindowFrames);

    /// <summary>Shape of one input without the batch dimension: [1, mels, frames] or [1, samples].</summary>
    public long[] InputShape => ModelInputShape.Of(Features, WindowFrames, InputKind);

    /// <summary>Floats in one model input.</summary>
    public int InputLength => ModelInputShape.Length(Features, WindowFrames, InputKind);

    /// <summary>The key/value pairs to store in <c>metadata_props</c>.</summary>
    public IReadOnlyDictionary<string, string> ToProperties() => new SortedDictionary<string, string>(StringComparer.Ordinal)
    {
        [FormatVersionKey] = CurrentFormatVersion.ToString(CultureInfo.InvariantCulture),
        [LabelsKey] = JsonSerializer.Serialize(Labels.ToArray(), MetadataJson.Default.StringArray),
        [FeatureConfigKey] = Features.ToJson(),
        [FeatureConfigHashKey] = Features.Hash,
        [WindowFramesKey] = WindowFrames.ToString(CultureInfo.InvariantCulture),
        [HopFramesKey] = HopFrames.ToString(CultureInfo.InvariantCulture),
        [InputKindKey] = InputKindNames.ToName(InputKind),
        [RunKey] = RunJson,
        [MetricsKey] = MetricsJson,
        [PrecisionKey] = Precision,
    };

    /// <summary>
    /// Reads and checks the metadata of the model at <paramref name="modelPath"/> (used in messages).
    /// Refuses a missing key, an unknown format version, labels that are not a non-empty list of
    /// distinct names, a feature configuration that does not validate or whose recomputed hash
    /// differs from the stored one (the shared extractor would not reproduce the training features).
    /// </summary>
    /// <exception cref="ModelMetadataException">Anything missing or inconsistent.</exception>
    public static ModelMetadata FromProperties(IReadOnlyDictionary<string, string> properties, string modelPath)
    {
        string Get(string key) => properties.TryGetValue(key, out var v) && !string.IsNullOrWhiteSpace(v)
            ? v
            : throw new ModelMetadataException(modelPath,
                $"metadata_props has no '{key}'. Only models exported by 'edgesound-trainer export' (or quantised from one) carry the labels and feature configuration the device needs.");

        int GetPositiveInt(string key)
        {
            var text = Get(key);
            return int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0
                ? v
                : throw new ModelMetadataException(modelPath, $"metadata '{key}' must be a positive integer, got '{text}'.");
        }

        var version = GetPositiveInt(FormatVersionKey);
        if (version != CurrentFormatVersion)
            throw new ModelMetadataException(modelPath,
                $"metadata format version {version} is not supported (this build reads version {CurrentFormatVersion}); use a matching edgesound build or re-export the model.");

        string[] labels;
        try
        {
            labels = JsonSerializer.Deserialize(Get(LabelsKey), MetadataJson.Default.StringArray) ?? [];
        }
        catch (JsonException e)
        {
            throw new ModelMetadataException(modelPath, $"metadata '{LabelsKey}' is not a JSON array of strings ({e.Message}).");
        }
        if (labels.Length < 2 || labels.Any(string.IsNullOrWhiteSpace) || labels.Distinct(StringComparer.Ordinal).Count() != labels.Length)
            throw new ModelMetadataException(modelPath, $"metadata '{LabelsKey}' must list at least two distinct, non-empty labels.");

        FeatureConfig features;
        try
        {
            features = FeatureConfig.FromJson(Get(FeatureConfigKey));
            features.Validate();
        }
        catch (Exception e) when (e is FormatException or ArgumentException)
        {
            throw new ModelMetadataException(modelPath, $"metadata '{FeatureConfigKey}' is not a feature configuration this build can compute: {e.Message}");
        }
        var storedHash = Get(FeatureConfigHashKey);
        if (!string.Equals(storedHash, features.Hash, StringComparison.Ordinal))
            throw new ModelMetadataException(modelPath,
                $"feature configuration hash mismatch: the model says {storedHash}, this build computes {features.Hash} from the stored configuration, so its features would differ from the training features. Re-export the model with this build.");

        if (features.Center)
            throw new ModelMetadataException(modelPath,
                $"metadata '{FeatureConfigKey}' has center=true; windows are cut from audio in samples, which needs center=false.");

        var kindText = Get(InputKindKey);
        if (!InputKindNames.TryParse(kindText, out var kind))
            throw new ModelMetadataException(modelPath, $"metadata '{InputKindKey}' is '{kindText}'; expected 'logmel' or 'waveform'.");

        int windowFrames = GetPositiveInt(WindowFramesKey);
        try
        {
            // Both: a log-mel model's live window still holds the samples its frames span.
            ModelInputShape.WindowSamples(features, windowFrames);
            ModelInputShape.Length(features, windowFrames, kind);
        }
        catch (Exception e) when (e is ArgumentOutOfRangeException or OverflowException)
        {
            throw new ModelMetadataException(modelPath, $"metadata '{WindowFramesKey}' = {windowFrames} makes a model input too large to hold.");
        }

        return new ModelMetadata
        {
            Labels = labels,
            Features = features,
            WindowFrames = windowFrames,
            HopFrames = GetPositiveInt(HopFramesKey),
            InputKind = kind,
            RunJson = properties.GetValueOrDefault(RunKey, "{}"),
            MetricsJson = properties.GetValueOrDefault(MetricsKey, "{}"),
            Precision = properties.GetValueOrDefault(PrecisionKey, "float32"),
        };
    }
}

/// <summary>Source-generated JSON for the metadata (the trimmed device build has no reflection-based JSON).</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class MetadataJson : JsonSerializerContext;

/// <summary>A model file whose metadata the device cannot use; the message names the file and the problem.</summary>
public sealed class ModelMetadataException(string modelPath, string problem) : Exception($"{modelPath}: {problem}")
{
    /// <summary>The model file.</summary>
    public string ModelPath { get; } = modelPath;
}

/// <summary>The lower-case names of <see cref="InputKind"/> used in model files and sweep files.</summary>
public static class InputKindNames
{
    public static string ToName(InputKind kind) => kind switch
    {
        InputKind.LogMel => "logmel",
        InputKind.Waveform => "waveform",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static bool TryParse(string name, out InputKind kind)
    {
        switch (name)
        {
            case "logmel": kind = InputKind.LogMel; return true;
            case "waveform": kind = InputKind.Waveform; return true;
            default: kind = default; return false;
        }
    }
}
