using EdgeSound.Shared.Onnx.Proto;

namespace EdgeSound.Trainer.Quantization;

/// <summary>Counts a graph's nodes by op type, for the command's summary and the tests.</summary>
public static class OpCounts
{
    /// <summary>Op type (prefixed with its domain when not the default one) to node count, sorted by name.</summary>
    public static SortedDictionary<string, int> Of(ModelProto model)
    {
        var counts = new SortedDictionary<string, int>(StringComparer.Ordinal);
        foreach (var node in model.Graph.Node)
        {
            var key = node.Domain.Length == 0 || node.Domain == "ai.onnx" ? node.OpType : $"{node.Domain}.{node.OpType}";
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }
        return counts;
    }

    /// <summary>"Conv 2, Gemm 2, ..." for printing.</summary>
    public static string Format(IReadOnlyDictionary<string, int> counts) => string.Join(", ", counts.Select(p => $"{p.Key} {p.Value}"));
}
