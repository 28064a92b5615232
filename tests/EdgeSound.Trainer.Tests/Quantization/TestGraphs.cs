using EdgeSound.Shared.Onnx;
using EdgeSound.Shared.Onnx.Proto;
using EdgeSound.Shared.Randomness;
using EdgeSound.Trainer.Quantization;

namespace EdgeSound.Trainer.Tests.Quantization;

/// <summary>
/// Small float graphs shaped like the exporter's output (BN folded into Conv, Linear as
/// Gemm transB=1, attention from MatMul/Transpose/Softmax), with seeded random weights, plus
/// seeded log-mel-like inputs: ridges and blobs over a noise floor, so the logits are spread.
/// </summary>
internal static class TestGraphs
{
    public const int Mels = 16;
    public const int Frames = 32;
    public const int Classes = 4;
    public static readonly long[] RowShape = [1, Mels, Frames];

    /// <summary>Conv+Relu -> MaxPool -> Conv+Relu -> GlobalAveragePool -> Flatten -> Gemm -> Relu -> Gemm -> logits -> Softmax.</summary>
    public static ModelProto Cnn(ulong seed = 1)
    {
        var random = new SplitMix64(seed);
        var b = new OnnxGraphBuilder("cnn");
        var x = b.AddInput("input", TensorProto.Types.DataType.Float, -1, 1, Mels, Frames);
        var c1 = Conv(b, random, x, 1, 8, "conv1");
        var r1 = b.AddNode("Relu", [c1], "relu1");
        var p1 = b.AddNode("MaxPool", [r1], "pool1", OnnxAttribute.Ints("kernel_shape", 2, 2), OnnxAttribute.Ints("strides", 2, 2));
        var c2 = Conv(b, random, p1, 8, 16, "conv2");
        var r2 = b.AddNode("Relu", [c2], "relu2");
        var g = b.AddNode("GlobalAveragePool", [r2], "gap");
        var f = b.AddNode("Flatten", [g], "flat", OnnxAttribute.Int("axis", 1));
        var h = Linear(b, random, f, 16, 32, "fc1");
        var hr = b.AddNode("Relu", [h], "fc1_relu");
        Head(b, random, hr, 32, "fc2");
        return b.Build(new Dictionary<string, string> { ["edgesound.test"] = "cnn" }, "test");
    }

    /// <summary>Tokens from a dynamic Reshape (Shape/Gather/Unsqueeze/Concat on int64) and Transpose, MatMul+Add embedding, LayerNorm, one attention head, residual Add, Gather/Concat, Gemm head.</summary>
    public static ModelProto Transformer(ulong seed = 2)
    {
        const int d = 24;
        var random = new SplitMix64(seed);
        var b = new OnnxGraphBuilder("transformer");
        var x = b.AddInput("input", TensorProto.Types.DataType.Float, -1, 1, Mels, Frames);
        // The batch size computed at run time, as exporters do: int64 shape arithmetic that must stay unquantised.
        var batch = b.AddNode("Gather", [b.AddNode("Shape", [x], "input_shape"), b.AddInitializer("batch_axis", [0L])], "batch_size", OnnxAttribute.Int("axis", 0));
        var batch1 = b.AddNode("Unsqueeze", [batch, b.AddInitializer("unsqueeze_axes", [0L], 1)], "batch_size_1d");
        var shape = b.AddNode("Concat", [batch1, b.AddInitializer("token_shape", [(long)Mels, Frames], 2)], "squeezed_shape", OnnxAttribute.Int("axis", 0));
        var r = b.AddNode("Reshape", [x, shape], "squeezed");
        var tokens = b.AddNode("Transpose", [r], "tokens", OnnxAttribute.Ints("perm", 0, 2, 1));
        var embedded = b.AddNode("MatMul", [tokens, Weight(b, random, "w_embed", Mels, d)], "embed_mm");
        var e = b.AddNode("Add", [embedded, b.AddInitializer("b_embed", Values(random, d, 0.1), d)], "embedded");
        var norm = b.AddNode("LayerNormalization", [e, b.AddInitializer("ln_scale", Enumerable.Repeat(1f, d).ToArray(), d), b.AddInitializer("ln_bias", new float[d], d)],
            "norm", OnnxAttribute.Int("axis", -1));
        var q = b.AddNode("MatMul", [norm, Weight(b, random, "w_q", d, d)], "q");
        var k = b.AddNode("MatMul", [norm, Weight(b, random, "w_k", d, d)], "k");
        var v = b.AddNode("MatMul", [norm, Weight(b, random, "w_v", d, d)], "v");
        var kt = b.AddNode("Transpose", [k], "k_t", OnnxAttribute.Ints("perm", 0, 2, 1));
        var scores = b.AddNode("MatMul", [q, kt], "scores");
        var scaled = b.AddNode("Mul", [scores, b.AddScalar("inv_sqrt_d", 1f / MathF.Sqrt(d))], "scaled");
        var attention = b.AddNode("Softmax", [scaled], "attention", OnnxAttribute.Int("axis", -1));
        var context = b.AddNode("MatMul", [attention, v], "context");
        var residual = b.AddNode("Add", [e, context], "residual");
        var first = b.AddNode("Gather", [residual, b.AddInitializer("first_index", [0L])], "first_token", OnnxAttribute.Int("axis", 1));
        var last = b.AddNode("Gather", [residual, b.AddInitializer("last_index", [(long)Frames - 1])], "last_token", OnnxAttribute.Int("axis", 1));
        var both = b.AddNode("Concat", [first, last], "pooled", OnnxAttribute.Int("axis", 1));
        Head(b, random, both, 2 * d, "head");
        return b.Build(new Dictionary<string, string> { ["edgesound.test"] = "transformer" }, "test");
    }

    /// <summary>
    /// <paramref name="count"/> seeded inputs in log-mel-like units (a floor of about -5 plus up to
    /// ~8): each one of four textures a sound can have (a tonal ridge, clicks, a broadband burst,
    /// a chirp) at a random place and level, over noise.
    /// </summary>
    public static CalibrationData Inputs(int count, ulong seed)
    {
        var random = new SplitMix64(seed);
        int row = Mels * Frames;
        var data = new float[count * row];
        for (int n = 0; n < count; n++)
        {
            var sample = data.AsSpan(n * row, row);
            int texture = (int)random.NextBelow(4);
            double floor = -6 + 2 * random.NextDouble(), level = 3 + 5 * random.NextDouble();
            int band = (int)random.NextBelow(Mels), onset = (int)random.NextBelow(Frames / 2), period = 3 + (int)random.NextBelow(6);
            for (int m = 0; m < Mels; m++)
                for (int t = 0; t < Frames; t++)
                {
                    double shape = texture switch
                    {
                        0 => Math.Exp(-(m - band) * (m - band) / 2.0),                                // tonal ridge
                        1 => (t - onset) % period == 0 && t >= onset ? 1 : 0,                         // clicks
                        2 => t >= onset && t < onset + 8 ? 0.8 : 0,                                    // broadband burst
                        _ => Math.Exp(-Math.Pow(m - (band + (t - Frames / 2) * 0.5) % Mels, 2) / 2.0), // chirp
                    };
                    sample[m * Frames + t] = (float)(floor + level * shape + 0.6 * (random.NextDouble() - 0.5));
                }
        }
        return new CalibrationData("input", RowShape, data, count);
    }

    private static string Conv(OnnxGraphBuilder b, SplitMix64 random, string x, int cin, int cout, string name)
    {
        var w = b.AddInitializer(name + "_w", Values(random, cout * cin * 9, Math.Sqrt(2.0 / (cin * 9))), cout, cin, 3, 3);
        var bias = b.AddInitializer(name + "_b", Values(random, cout, 0.1), cout);
        return b.AddNode("Conv", [x, w, bias], name, OnnxAttribute.Ints("kernel_shape", 3, 3), OnnxAttribute.Ints("pads", 1, 1, 1, 1));
    }

    private static string Linear(OnnxGraphBuilder b, SplitMix64 random, string x, int inputs, int outputs, string name)
    {
        var w = b.AddInitializer(name + "_w", Values(random, outputs * inputs, Math.Sqrt(2.0 / inputs)), outputs, inputs);
        var bias = b.AddInitializer(name + "_b", Values(random, outputs, 0.1), outputs);
        return b.AddNode("Gemm", [x, w, bias], name, OnnxAttribute.Int("transB", 1));
    }

    private static void Head(OnnxGraphBuilder b, SplitMix64 random, string x, int inputs, string name)
    {
        // Zero-mean rows: the features are mostly positive (after ReLU), and a common offset would pick one class for every input.
        var values = Values(random, Classes * inputs, 2 * Math.Sqrt(2.0 / inputs));
        for (int c = 0; c < Classes; c++)
        {
            var rowValues = values.AsSpan(c * inputs, inputs);
            float mean = rowValues.ToArray().Average();
            foreach (ref var v in rowValues) v -= mean;
        }
        var w = b.AddInitializer(name + "_w", values, Classes, inputs);
        var bias = b.AddInitializer(name + "_b", new float[Classes], Classes);
        b.AddNode("Gemm", [x, w, bias], ["logits"], OnnxAttribute.Int("transB", 1));
        b.AddNode("Softmax", ["logits"], ["probabilities"], OnnxAttribute.Int("axis", 1));
        b.AddOutput("logits", TensorProto.Types.DataType.Float, -1, Classes);
        b.AddOutput("probabilities", TensorProto.Types.DataType.Float, -1, Classes);
    }

    private static string Weight(OnnxGraphBuilder b, SplitMix64 random, string name, int inputs, int outputs) =>
        b.AddInitializer(name, Values(random, inputs * outputs, Math.Sqrt(2.0 / inputs)), inputs, outputs);

    /// <summary>Uniform values with standard deviation <paramref name="std"/>.</summary>
    public static float[] Values(SplitMix64 random, int count, double std)
    {
        var values = new float[count];
        double half = std * Math.Sqrt(3);
        for (int i = 0; i < count; i++) values[i] = (float)((random.NextDouble() * 2 - 1) * half);
        return values;
    }
}
