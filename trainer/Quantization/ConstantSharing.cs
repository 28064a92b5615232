using EdgeSound.Shared.Onnx.Proto;

namespace EdgeSound.Trainer.Quantization;

/// <summary>
/// Stores identical constants once: a quantised graph has a scale and a zero point per tensor and
/// per weight, and about half of them repeat (the all-zero zero points of symmetric weights, the
/// ranges shared through pooling and reshapes). Every reader of a duplicate is pointed at the first.
/// </summary>
public static class ConstantSharing
{
    /// <summary>Removes initializers equal (type, shape, bytes) to an earlier one; returns how many went.</summary>
    public static int Deduplicate(GraphProto graph)
    {
        var graphInputs = graph.Input.Select(i => i.Name).ToHashSet(StringComparer.Ordinal);
        var firstByContent = new Dictionary<(int, string, Google.Protobuf.ByteString), string>();
        var replacement = new Dictionary<string, string>(StringComparer.Ordinal);
        var kept = new List<TensorProto>();
        foreach (var tensor in graph.Initializer)
        {
            // Only raw-data tensors can be compared byte for byte; an initializer that is also an input may be overridden.
            if (tensor.RawData.IsEmpty || graphInputs.Contains(tensor.Name))
            {
                kept.Add(tensor);
                continue;
            }
            var key = (tensor.DataType, string.Join(",", tensor.Dims), tensor.RawData);
            if (firstByContent.TryGetValue(key, out var first)) replacement[tensor.Name] = first;
            else
            {
                firstByContent[key] = tensor.Name;
                kept.Add(tensor);
            }
        }
        if (replacement.Count == 0) return 0;
        foreach (var node in graph.Node)
            for (int i = 0; i < node.Input.Count; i++)
                if (replacement.TryGetValue(node.Input[i], out var name)) node.Input[i] = name;
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept);
        return replacement.Count;
    }
}
