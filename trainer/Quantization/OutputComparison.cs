using EdgeSound.Shared.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace EdgeSound.Trainer.Quantization;

/// <summary>How closely the int8 model's probabilities follow the float model's on the same inputs.</summary>
/// <param name="Windows">Inputs compared.</param>
/// <param name="Top1Agreement">Fraction of inputs whose most probable class is the same.</param>
/// <param name="MeanAbsoluteDifference">Mean |p_int8 - p_float| over all inputs and classes.</param>
/// <param name="MaxAbsoluteDifference">Largest |p_int8 - p_float|.</param>
public sealed record OutputComparison(int Windows, double Top1Agreement, double MeanAbsoluteDifference, double MaxAbsoluteDifference)
{
    /// <summary>Runs both models in ONNX Runtime (ORT_ENABLE_ALL, so the int8 one runs its fused integer kernels) and compares the probabilities.</summary>
    public static OutputComparison Of(ModelProto floatModel, ModelProto int8Model, CalibrationData data)
    {
        data.Validate();
        var expected = Probabilities(floatModel, data, out int classes);
        var actual = Probabilities(int8Model, data, out _);
        int agree = 0;
        double total = 0, max = 0;
        for (int n = 0; n < data.Count; n++)
        {
            var f = expected.AsSpan(n * classes, classes);
            var q = actual.AsSpan(n * classes, classes);
            if (ArgMax(f) == ArgMax(q)) agree++;
            for (int c = 0; c < classes; c++)
            {
                double d = Math.Abs(f[c] - q[c]);
                total += d;
                max = Math.Max(max, d);
            }
        }
        return new OutputComparison(data.Count, (double)agree / data.Count, total / expected.Length, max);
    }

    private static float[] Probabilities(ModelProto model, CalibrationData data, out int classes)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = 1 };
        using var session = new InferenceSession(model.ToByteArray(), options);
        using var input = OrtValue.CreateTensorValueFromMemory(data.Inputs, [data.Count, .. data.RowShape]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [data.InputName], [input], [EdgeSound.Shared.Models.ModelMetadata.ProbabilitiesName]);
        var shape = outputs[0].GetTensorTypeAndShape().Shape;
        classes = (int)shape[^1];
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++) if (values[i] > values[best]) best = i;
        return best;
    }
}
