using EdgeSound.Shared.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace EdgeSound.Trainer.Quantization;

/// <summary>
/// Runs the float model in ONNX Runtime on calibration inputs with the tensors to observe
/// exposed as extra graph outputs (in a temporary copy of the model), and accumulates each one's
/// <see cref="TensorStatistics"/> batch by batch.
/// </summary>
public static class ActivationCalibrator
{
    /// <summary>Statistics of every tensor in <paramref name="tensors"/> over all rows of <paramref name="data"/>.</summary>
    /// <exception cref="InvalidDataException">ONNX Runtime refuses the model or the inputs.</exception>
    public static IReadOnlyDictionary<string, TensorStatistics> Collect(ModelProto floatModel, IReadOnlyCollection<string> tensors,
        CalibrationData data, int batchSize = 32)
    {
        data.Validate();
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var statistics = tensors.Distinct(StringComparer.Ordinal).ToDictionary(t => t, _ => new TensorStatistics(), StringComparer.Ordinal);

        // The graph input is not a node output; its statistics come straight from the rows.
        if (statistics.TryGetValue(data.InputName, out var inputStatistics)) inputStatistics.Add(data.Inputs);
        var observed = statistics.Keys.Where(t => t != data.InputName).ToArray();
        if (observed.Length == 0) return statistics;

        var probe = floatModel.Clone();
        var existing = probe.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var tensor in observed.Where(t => !existing.Contains(t)))
            probe.Graph.Output.Add(new ValueInfoProto
            {
                Name = tensor,
                Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)TensorProto.Types.DataType.Float } },
            });

        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_BASIC, IntraOpNumThreads = 1 };
        using var session = CreateSession(probe.ToByteArray(), options);
        using var runOptions = new RunOptions();
        int row = data.RowLength;
        for (int start = 0; start < data.Count; start += batchSize)
        {
            int count = Math.Min(batchSize, data.Count - start);
            var batch = data.Inputs.AsSpan(start * row, count * row).ToArray();
            using var input = OrtValue.CreateTensorValueFromMemory(batch, [count, .. data.RowShape]);
            using var outputs = session.Run(runOptions, [data.InputName], [input], observed);
            for (int i = 0; i < observed.Length; i++)
                statistics[observed[i]].Add(outputs[i].GetTensorDataAsSpan<float>());
        }
        return statistics;
    }

    private static InferenceSession CreateSession(byte[] model, SessionOptions options)
    {
        try
        {
            return new InferenceSession(model, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX Runtime cannot load the float model for calibration: {e.Message}", e);
        }
    }
}
