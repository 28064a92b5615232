using EdgeSound.Shared.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeSound.Trainer.Quantization;

/// <summary>
/// Which tensors of a graph hold floats. Exported graphs also compute shapes (Shape -> Gather ->
/// Concat -> Reshape on int64), and those must never get a QuantizeLinear. Rather than re-implement
/// ONNX type inference, this asks ONNX Runtime: every node output is exposed as an untyped graph
/// output of a temporary copy, and the session reports the element type it inferred.
/// </summary>
public static class TensorTypes
{
    /// <summary>Names of the float tensors: float graph inputs, float initializers and float node outputs.</summary>
    /// <exception cref="InvalidDataException">ONNX Runtime cannot load the model.</exception>
    public static IReadOnlySet<string> FloatTensors(ModelProto model)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        foreach (var input in model.Graph.Input)
            if (input.Type?.TensorType?.ElemType == (int)TensorProto.Types.DataType.Float) result.Add(input.Name);
        foreach (var initializer in model.Graph.Initializer)
            if (InitializerData.IsFloat(initializer)) result.Add(initializer.Name);

        var probe = model.Clone();
        var declared = probe.Graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        foreach (var output in probe.Graph.Node.SelectMany(n => n.Output).Where(o => o.Length > 0 && declared.Add(o)))
            probe.Graph.Output.Add(new ValueInfoProto { Name = output });
        try
        {
            using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL, IntraOpNumThreads = 1 };
            using var session = new InferenceSession(probe.ToByteArray(), options);
            foreach (var (name, metadata) in session.OutputMetadata)
                if (metadata.IsTensor && metadata.ElementDataType == TensorElementType.Float) result.Add(name);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX Runtime cannot load the float model: {e.Message}", e);
        }
        return result;
    }
}
