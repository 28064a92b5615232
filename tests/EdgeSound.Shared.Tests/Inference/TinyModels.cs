using EdgeSound.Shared.Features;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Onnx;
using EdgeSound.Shared.Onnx.Proto;

namespace EdgeSound.Shared.Tests.Inference;

/// <summary>
/// Small ONNX models built in the tests, simple enough to compute by hand: a log-mel model takes the
/// mean of each mel band over the window's frames, then a linear layer and softmax; a waveform model
/// takes the mean of the window's samples times one weight per class, plus a bias.
/// </summary>
internal static class TinyModels
{
    /// <summary>Small, valid, centre-free features, so windows are short and tests fast.</summary>
    public static FeatureConfig Features { get; } = FeatureConfig.Default with
    {
        SampleRate = 8000, FftSize = 256, WindowLength = 256, HopLength = 128, MelCount = 16, FMax = 4000,
    };

    public const int WindowFrames = 20;
    public const int HopFrames = 10;

    public static readonly string[] Labels = ["low", "mid", "high"];

    public static ModelMetadata Metadata(InputKind kind = InputKind.LogMel, IReadOnlyList<string>? labels = null) => new()
    {
        Labels = labels ?? Labels,
        Features = Features,
        WindowFrames = WindowFrames,
        HopFrames = HopFrames,
        InputKind = kind,
    };

    /// <summary>Deterministic weights [labels, mels] and biases [labels] for the log-mel model.</summary>
    public static (float[] Weights, float[] Biases) LogMelWeights(int labelCount, int melCount)
    {
        var weights = new float[labelCount * melCount];
        for (int l = 0; l < labelCount; l++)
            for (int m = 0; m < melCount; m++)
                weights[l * melCount + m] = 0.05f * MathF.Sin(1.3f * l + 0.7f * m) + 0.01f * (l - 1) * m / melCount;
        var biases = new float[labelCount];
        for (int l = 0; l < labelCount; l++) biases[l] = 0.1f * l - 0.05f;
        return (weights, biases);
    }

    /// <summary>What can be wrong with a built model, for the refusal tests.</summary>
    public sealed record Options
    {
        public string InputName { get; init; } = ModelMetadata.InputName;
        public int GraphFrames { get; init; } = WindowFrames;
        public int GraphLabels { get; init; } = Labels.Length;
        public bool WithProbabilities { get; init; } = true;
        public bool WithMetadata { get; init; } = true;
        public ModelMetadata? MetadataOverride { get; init; }
    }

    /// <summary>Writes the log-mel model to <paramref name="path"/> and returns its weights.</summary>
    public static (float[] Weights, float[] Biases) SaveLogMel(string path, Options? options = null)
    {
        options ??= new Options();
        int mels = Features.MelCount, labels = options.GraphLabels;
        var (weights, biases) = LogMelWeights(labels, mels);
        var b = new OnnxGraphBuilder("tiny-logmel");
        var x = b.AddInput(options.InputName, TensorProto.Types.DataType.Float, -1, 1, mels, options.GraphFrames);
        var perBand = b.AddNode("ReduceMean", [x], "band_mean", OnnxAttribute.Ints("axes", 3), OnnxAttribute.Int("keepdims", 0));
        var flat = b.AddNode("Flatten", [perBand], "flat", OnnxAttribute.Int("axis", 1));
        var w = b.AddInitializer("w", weights, labels, mels);
        var c = b.AddInitializer("c", biases, labels);
        Finish(b, path, [flat, w, c], labels, options);
        return (weights, biases);
    }

    /// <summary>Writes the waveform model: logits[l] = mean(window) * weights[l] + biases[l].</summary>
    public static (float[] Weights, float[] Biases) SaveWaveform(string path)
    {
        var options = new Options { MetadataOverride = Metadata(InputKind.Waveform) };
        float[] weights = [40f, 0f, -40f], biases = [0f, 0.2f, 0f];
        int samples = Features.SamplesForFrames(WindowFrames);
        var b = new OnnxGraphBuilder("tiny-waveform");
        var x = b.AddInput(ModelMetadata.InputName, TensorProto.Types.DataType.Float, -1, 1, samples);
        var mean = b.AddNode("ReduceMean", [x], "mean", OnnxAttribute.Ints("axes", 2), OnnxAttribute.Int("keepdims", 0));
        var w = b.AddInitializer("w", weights, 3, 1);
        var c = b.AddInitializer("c", biases, 3);
        Finish(b, path, [mean, w, c], 3, options);
        return (weights, biases);
    }

    private static void Finish(OnnxGraphBuilder b, string path, string[] gemmInputs, int labels, Options options)
    {
        b.AddNode("Gemm", gemmInputs, [ModelMetadata.LogitsName], OnnxAttribute.Int("transB", 1));
        b.AddOutput(ModelMetadata.LogitsName, TensorProto.Types.DataType.Float, -1, labels);
        if (options.WithProbabilities)
        {
            b.AddNode("Softmax", [ModelMetadata.LogitsName], [ModelMetadata.ProbabilitiesName], OnnxAttribute.Int("axis", 1));
            b.AddOutput(ModelMetadata.ProbabilitiesName, TensorProto.Types.DataType.Float, -1, labels);
        }
        var metadata = options.WithMetadata
            ? (options.MetadataOverride ?? Metadata()).ToProperties()
            : new Dictionary<string, string>();
        OnnxModelFile.Save(b.Build(metadata, "tests"), path);
    }

    /// <summary>Hand computation of the log-mel model on one mel-major input row [mels, frames].</summary>
    public static double[] LogMelLogits(ReadOnlySpan<float> row, float[] weights, float[] biases, int frames)
    {
        int labels = biases.Length, mels = weights.Length / labels;
        var logits = new double[labels];
        for (int l = 0; l < labels; l++)
        {
            double sum = biases[l];
            for (int m = 0; m < mels; m++)
            {
                double bandMean = 0;
                for (int f = 0; f < frames; f++) bandMean += row[m * frames + f];
                sum += weights[l * mels + m] * (bandMean / frames);
            }
            logits[l] = sum;
        }
        return logits;
    }

    public static double[] Softmax(double[] logits)
    {
        double max = logits.Max();
        var e = logits.Select(v => Math.Exp(v - max)).ToArray();
        double total = e.Sum();
        return e.Select(v => v / total).ToArray();
    }
}
