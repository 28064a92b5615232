using EdgeSound.Shared.Models;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeSound.Trainer.Models;

/// <summary>
/// Everything needed to rebuild a model: architecture, input geometry and hyperparameters.
/// Immutable, and serialised into every checkpoint so a saved model always carries its spec.
/// Geometry that does not apply to the input kind must stay 0 so a spec never looks like it
/// describes an input it does not read.
/// </summary>
public sealed record ModelSpec
{
    /// <summary>Which model family to build.</summary>
    public Architecture Architecture { get; init; } = Architecture.Cnn;

    /// <summary>What the model reads.</summary>
    public InputKind InputKind { get; init; } = InputKind.LogMel;

    /// <summary>Number of output classes (logits per item).</summary>
    public int ClassCount { get; init; }

    /// <summary>LogMel only: mel bins, the height of the [B, 1, MelCount, WindowFrames] input.</summary>
    public int MelCount { get; init; }

    /// <summary>LogMel only: frames per window, the width of the input.</summary>
    public int WindowFrames { get; init; }

    /// <summary>Waveform only: samples per window at 16 kHz, input [B, 1, WindowSamples].</summary>
    public int WindowSamples { get; init; }

    /// <summary>Dropout probability used by the classifier heads and the Transformer blocks.</summary>
    public double Dropout { get; init; } = 0.3;

    /// <summary>Channels of the first conv block; each later block doubles them (16 -> 16, 32, 64, 128).</summary>
    public int BaseChannels { get; init; } = 16;

    /// <summary>Arch1: width of the hidden fully connected layer.</summary>
    public int FcSize { get; init; } = 128;

    /// <summary>Arch2: token width d.</summary>
    public int FeaturesLength { get; init; } = 64;

    /// <summary>Arch2: attention heads per block.</summary>
    public int NHeads { get; init; } = 4;

    /// <summary>Arch2: per-head query/key width.</summary>
    public int Dk { get; init; } = 16;

    /// <summary>Arch2: per-head value width (may differ from <see cref="Dk"/>).</summary>
    public int Dv { get; init; } = 16;

    /// <summary>Arch2: number of Transformer encoder blocks.</summary>
    public int NumBlocks { get; init; } = 2;

    /// <summary>Arch2: feed-forward hidden width; 2*d by default to keep the model Pi-sized.</summary>
    public int FfSize { get; init; } = 128;

    /// <summary>Arch2: rows of the learned positional embedding; must cover the tokens plus CLS.</summary>
    public int MaxTokens { get; init; } = 64;

    /// <summary>A log-mel spec with the default hyperparameters.</summary>
    public static ModelSpec ForLogMel(Architecture architecture, int classCount, int melCount, int windowFrames) =>
        new() { Architecture = architecture, InputKind = InputKind.LogMel, ClassCount = classCount, MelCount = melCount, WindowFrames = windowFrames };

    /// <summary>A raw-waveform (16 kHz) spec with the default hyperparameters.</summary>
    public static ModelSpec ForWaveform(Architecture architecture, int classCount, int windowSamples) =>
        new() { Architecture = architecture, InputKind = InputKind.Waveform, ClassCount = classCount, WindowSamples = windowSamples };

    /// <summary>Shape of one input batch of <paramref name="batchSize"/> items.</summary>
    public long[] InputShape(long batchSize) => InputKind == InputKind.LogMel
        ? [batchSize, 1, MelCount, WindowFrames]
        : [batchSize, 1, WindowSamples];

    /// <summary>Tokens the conv stack hands to the Transformer (time steps after the stack), CLS not included.</summary>
    [JsonIgnore] // derived from the geometry; storing it would invite a stale copy
    public int TokenCount => ConvStackGeometry.OutputTimeSteps(this);

    /// <summary>Every problem with this spec, each naming the field, the value and what is allowed; empty if valid.</summary>
    public IReadOnlyList<string> FindProblems()
    {
        var problems = new List<string>();
        void Require(bool ok, string message) { if (!ok) problems.Add(message); }

        Require(Enum.IsDefined(Architecture), $"Architecture {(int)Architecture} is not one of {string.Join(", ", Enum.GetNames<Architecture>())}.");
        Require(Enum.IsDefined(InputKind), $"InputKind {(int)InputKind} is not one of {string.Join(", ", Enum.GetNames<InputKind>())}.");
        Require(ClassCount >= 2, $"ClassCount must be at least 2 (got {ClassCount}).");
        Require(Dropout is >= 0 and < 1, $"Dropout must be in [0, 1) (got {Dropout}).");
        Require(BaseChannels is >= 1 and <= 512, $"BaseChannels must be in 1..512 (got {BaseChannels}); the last block has 8x as many.");

        int minAxis = ConvStackGeometry.MinimumLogMelAxis;
        if (InputKind == InputKind.LogMel)
        {
            Require(MelCount >= minAxis, $"MelCount must be at least {minAxis} for four 2x2 max pools (got {MelCount}).");
            Require(WindowFrames >= minAxis, $"WindowFrames must be at least {minAxis} for four 2x2 max pools (got {WindowFrames}).");
            Require(WindowSamples == 0, $"WindowSamples must be 0 for LogMel input (got {WindowSamples}); set MelCount and WindowFrames instead.");
        }
        else if (InputKind == InputKind.Waveform)
        {
            int minSamples = ConvStackGeometry.MinimumWindowSamples;
            Require(WindowSamples >= minSamples, $"WindowSamples must be at least {minSamples} for the Conv1d front end (got {WindowSamples}).");
            Require(MelCount == 0 && WindowFrames == 0, $"MelCount and WindowFrames must be 0 for Waveform input (got {MelCount} and {WindowFrames}); set WindowSamples instead.");
        }

        bool geometryValid = problems.Count == 0;

        if (Architecture == Architecture.Cnn)
        {
            Require(FcSize >= 1, $"FcSize must be at least 1 (got {FcSize}).");
        }
        else if (Architecture == Architecture.CnnTransformer)
        {
            Require(FeaturesLength >= 1, $"FeaturesLength (token width d) must be at least 1 (got {FeaturesLength}).");
            Require(NHeads >= 1, $"NHeads must be at least 1 (got {NHeads}).");
            Require(Dk >= 1, $"Dk (per-head query/key width) must be at least 1 (got {Dk}).");
            Require(Dv >= 1, $"Dv (per-head value width) must be at least 1 (got {Dv}).");
            Require(NumBlocks >= 1, $"NumBlocks must be at least 1 (got {NumBlocks}).");
            Require(FfSize >= 1, $"FfSize must be at least 1 (got {FfSize}).");
            // The token count is only meaningful once the input geometry is.
            if (geometryValid)
                Require(MaxTokens >= TokenCount + 1, $"MaxTokens must be at least {TokenCount + 1} ({TokenCount} tokens from the conv stack + CLS) (got {MaxTokens}).");
        }
        return problems;
    }

    /// <summary>Throws <see cref="ArgumentException"/> listing every problem if the spec is invalid.</summary>
    public ModelSpec Validate()
    {
        var problems = FindProblems();
        if (problems.Count > 0)
            throw new ArgumentException($"Invalid model spec ({problems.Count} problem(s)):\n  - {string.Join("\n  - ", problems)}");
        return this;
    }

    private static readonly JsonSerializerOptions JsonOptions = new()
    {
        WriteIndented = true,
        // A typo in a hand-edited spec must fail loudly rather than silently fall back to a default.
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The spec as indented JSON (enums as names).</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>
    /// Reads and validates a spec. <paramref name="source"/> names where the text came from (a file
    /// path, a checkpoint) so the error message points there.
    /// </summary>
    public static ModelSpec FromJson(string json, string source = "model spec")
    {
        ModelSpec? spec;
        try
        {
            spec = JsonSerializer.Deserialize<ModelSpec>(json, JsonOptions);
        }
        catch (JsonException e)
        {
            throw new FormatException($"{source}: line {e.LineNumber + 1}, byte {e.BytePositionInLine} (path {e.Path}): expected a ModelSpec JSON object. {e.Message}", e);
        }
        if (spec is null) throw new FormatException($"{source}: expected a ModelSpec JSON object, found null.");
        try
        {
            return spec.Validate();
        }
        catch (ArgumentException e)
        {
            throw new FormatException($"{source}: {e.Message}", e);
        }
    }
}
