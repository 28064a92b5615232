using EdgeSound.Shared.Models;
using System.Globalization;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Models;
using EdgeSound.Trainer.Training;

namespace EdgeSound.Trainer.Study;

/// <summary>
/// One trial's sampled hyperparameters turned into what the code runs: a <see cref="ModelSpec"/>
/// and <see cref="TrainingOptions"/>. Names follow the sweep files (and the baseline's notebook).
/// </summary>
public sealed record TrialConfig(string Name, IReadOnlyDictionary<string, object> Parameters, ModelSpec Model, TrainingOptions Training)
{
    private static readonly HashSet<string> Known =
    [
        "architecture", "input", "base_channels", "fc_size", "dropout", "optimizer", "learning_rate", "weight_decay",
        "batch_size", "windows_per_clip", "n_heads", "features_length", "dk", "dv", "num_blocks", "ff_size",
        "filter_gain_db", "speed_change",
    ];

    /// <summary>The hyperparameters as invariant text, in sweep order (what result.json and model.json record).</summary>
    public IReadOnlyDictionary<string, string> HyperparameterText() =>
        Parameters.ToDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture) ?? "");

    public static TrialConfig From(string name, IReadOnlyDictionary<string, object> parameters, WindowGeometry geometry, int classCount, int epochs, string source, double emaDecay = 0, Distillation? distillation = null)
    {
        foreach (var key in parameters.Keys)
            if (!Known.Contains(key))
                throw new ArgumentException($"{source}: unknown parameter '{key}'. Known: {string.Join(", ", Known.Order())}.");

        string Text(string key, string fallback) => parameters.TryGetValue(key, out var v) ? Convert.ToString(v, CultureInfo.InvariantCulture)!.ToLowerInvariant() : fallback;
        double Number(string key, double fallback)
        {
            if (!parameters.TryGetValue(key, out var v)) return fallback;
            try { return Convert.ToDouble(v, CultureInfo.InvariantCulture); }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
            {
                throw new ArgumentException($"{source}: parameter '{key}' must be a number, got '{Convert.ToString(v, CultureInfo.InvariantCulture)}'.");
            }
        }
        int Integer(string key, int fallback) => (int)Math.Round(Number(key, fallback));

        var architecture = Text("architecture", "arch1") switch
        {
            "arch1" or "cnn" => Architecture.Cnn,
            "arch2" or "cnn_transformer" => Architecture.CnnTransformer,
            var other => throw new ArgumentException($"{source}: architecture '{other}' is not arch1 or arch2."),
        };
        var inputName = Text("input", "logmel");
        if (!InputKindNames.TryParse(inputName, out var input))
            throw new ArgumentException($"{source}: input '{inputName}' is not logmel or waveform.");
        var baseSpec = input == InputKind.LogMel
            ? ModelSpec.ForLogMel(architecture, classCount, geometry.Features.MelCount, geometry.WindowFrames)
            : ModelSpec.ForWaveform(architecture, classCount, geometry.SpanSamples);
        int d = Integer("features_length", baseSpec.FeaturesLength);
        var spec = baseSpec with
        {
            Dropout = Number("dropout", baseSpec.Dropout),
            BaseChannels = Integer("base_channels", baseSpec.BaseChannels),
            FcSize = Integer("fc_size", baseSpec.FcSize),
            FeaturesLength = d,
            NHeads = Integer("n_heads", baseSpec.NHeads),
            Dk = Integer("dk", baseSpec.Dk),
            Dv = Integer("dv", baseSpec.Dv),
            NumBlocks = Integer("num_blocks", baseSpec.NumBlocks),
            FfSize = Integer("ff_size", 2 * d),
        };
        spec = spec with { MaxTokens = Math.Max(spec.MaxTokens, spec.TokenCount + 1) };
        var problems = spec.FindProblems();
        if (problems.Count > 0) throw new ArgumentException($"{source}: trial {name}: {string.Join(" ", problems)}");

        var training = new TrainingOptions
        {
            Epochs = epochs,
            EmaDecay = emaDecay,
            Distillation = distillation,
            LearningRate = Number("learning_rate", 1e-3),
            Optimizer = Text("optimizer", "adam") switch
            {
                "adam" => OptimizerKind.Adam,
                "sgd" => OptimizerKind.Sgd,
                var other => throw new ArgumentException($"{source}: optimizer '{other}' is not sgd or adam."),
            },
            WeightDecay = Number("weight_decay", 1e-3),
            BatchSize = Integer("batch_size", 32),
            WindowsPerClip = Integer("windows_per_clip", 2),
            Augmentation = new AugmentationOptions { FilterGainDb = Number("filter_gain_db", 0), SpeedChange = Number("speed_change", 0) },
        };
        if (input == InputKind.Waveform && training.Augmentation.FilterGainDb > 0)
            throw new ArgumentException($"{source}: trial {name}: filter_gain_db shapes log-mel bands; a waveform model has none (leave it out or use input: logmel).");
        try { training.Validate(); }
        catch (ArgumentException e) { throw new ArgumentException($"{source}: trial {name}: {e.Message}", e); }
        return new TrialConfig(name, parameters, spec, training);
    }
}
