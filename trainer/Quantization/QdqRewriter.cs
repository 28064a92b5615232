using EdgeSound.Shared.Onnx;
using EdgeSound.Shared.Onnx.Proto;

namespace EdgeSound.Trainer.Quantization;

/// <summary>
/// Writes the QDQ form of a float model from a <see cref="QuantizationPlan"/> and the activations'
/// uint8 parameters: int8 per-channel weights and int32 biases behind DequantizeLinear, and a
/// QuantizeLinear -> DequantizeLinear pair after every quantised activation, which every consumer
/// then reads. The file stays a standard-opset float graph; ONNX Runtime recognises the
/// DQ -> op -> Q groups and fuses them into its integer kernels (QLinearConv, QGemm, QLinearMatMul, ...).
/// </summary>
public static class QdqRewriter
{
    /// <summary>Per-channel DequantizeLinear (the axis attribute) needs opset 13.</summary>
    public const long MinimumOpset = 13;

    /// <summary>The QDQ model; <paramref name="floatModel"/> is not changed.</summary>
    /// <exception cref="InvalidDataException">The model's opset is too old for per-channel quantisation.</exception>
    /// <exception cref="ArgumentException">A quantised tensor has no parameters.</exception>
    public static ModelProto Rewrite(ModelProto floatModel, QuantizationPlan plan, IReadOnlyDictionary<string, UInt8Quantization> parameters, int weightBits = 8)
    {
        var opset = floatModel.OpsetImport.FirstOrDefault(o => o.Domain.Length == 0 || o.Domain == "ai.onnx")?.Version ?? 0;
        if (opset < MinimumOpset)
            throw new InvalidDataException($"The model imports opset {opset}; per-channel int8 quantisation needs opset {MinimumOpset} or later (re-export it).");
        foreach (var tensor in plan.QuantizedTensors)
            if (!parameters.ContainsKey(tensor)) throw new ArgumentException($"No quantisation parameters for tensor '{tensor}'.", nameof(parameters));

        var source = floatModel.Graph;
        var builder = new OnnxGraphBuilder(source.Name);
        var graph = builder.Graph;
        graph.DocString = source.DocString;
        ReserveExistingNames(builder, source);
        graph.Input.AddRange(source.Input.Select(v => v.Clone()));
        graph.Output.AddRange(source.Output.Select(v => v.Clone()));

        var initializers = source.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var quantized = plan.QuantizedTensors.ToHashSet(StringComparer.Ordinal);
        var dequantized = new Dictionary<string, string>(StringComparer.Ordinal);
        var replacements = new Dictionary<(int Node, int Input), string>();

        // The tensors the rewriter adds are named from a short stem per quantised tensor ("t12_q",
        // "t12_s", ...): full names repeated in every Q/DQ node cost ~10% of the int8 file.
        var stems = new Dictionary<string, string>(StringComparer.Ordinal);
        string stem(string tensor) => stems.TryGetValue(tensor, out var known) ? known : stems[tensor] = $"t{stems.Count}";

        // Constants first (weights, biases, quantised constants) and the pairs after graph inputs,
        // so every DequantizeLinear precedes its readers in this topologically ordered node list.
        foreach (var input in source.Input.Where(i => quantized.Contains(i.Name)))
            dequantized[input.Name] = AddPair(builder, stem, input.Name, parameters[input.Name]);
        var constantCache = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int k = 0; k < plan.Nodes.Count; k++)
        {
            var node = plan.Nodes[k];
            switch (node.Treatment)
            {
                case NodeTreatment.Weighted:
                    var weight = initializers[node.Node.Input[node.WeightInput]];
                    var q = WeightQuantizer.Quantize(InitializerData.ReadFloats(weight), weight.Dims, node.WeightAxis, weightBits);
                    replacements[(k, node.WeightInput)] = AddWeight(builder, stem, weight, q);
                    var input = node.Node.Input[0];
                    if (node.BiasInput >= 0 && quantized.Contains(input))
                    {
                        var bias = initializers[node.Node.Input[node.BiasInput]];
                        var qb = WeightQuantizer.QuantizeBias(InitializerData.ReadFloats(bias), parameters[input].Scale, q.Scales);
                        replacements[(k, node.BiasInput)] = AddBias(builder, stem, bias.Name, qb);
                    }
                    break;
                case NodeTreatment.Activation:
                    foreach (var i in node.ActivationInputs)
                    {
                        var name = node.Node.Input[i];
                        if (!initializers.TryGetValue(name, out var constant)) continue;
                        if (!constantCache.TryGetValue(name, out var dq)) constantCache[name] = dq = AddConstant(builder, stem, constant);
                        replacements[(k, i)] = dq;
                    }
                    break;
            }
        }

        for (int k = 0; k < plan.Nodes.Count; k++)
        {
            var node = plan.Nodes[k];
            var copy = node.Node.Clone();
            if (node.FoldedRelu is not null) copy.Output[0] = node.FoldedRelu.Output[0];
            for (int i = 0; i < copy.Input.Count; i++)
            {
                if (replacements.TryGetValue((k, i), out var replacement)) copy.Input[i] = replacement;
                else if (node.Treatment != NodeTreatment.KeptFloat && dequantized.TryGetValue(copy.Input[i], out var dq)) copy.Input[i] = dq;
            }
            graph.Node.Add(copy);
            foreach (var output in copy.Output.Where(quantized.Contains))
                dequantized[output] = AddPair(builder, stem, output, parameters[output]);
        }

        foreach (var n in graph.Node)
            if (n.OpType is "QuantizeLinear" or "DequantizeLinear") n.Name = "";

        // Float weights that now live as int8 are dropped; anything still read (or declared as an input) stays.
        var read = graph.Node.SelectMany(n => n.Input).Concat(graph.Input.Select(i => i.Name)).ToHashSet(StringComparer.Ordinal);
        var kept = source.Initializer.Where(t => read.Contains(t.Name)).Select(t => t.Clone()).ToList();
        var added = graph.Initializer.ToList();
        graph.Initializer.Clear();
        graph.Initializer.AddRange(kept.Concat(added));

        ConstantSharing.Deduplicate(graph);

        var model = floatModel.Clone();
        model.Graph = graph;
        return model;
    }

    // Short suffixes and unnamed Q/DQ nodes: an int8 model has hundreds of them and every name is
    // stored several times, about 5% of the shipped model's bytes at full length.
    internal const string QuantizedSuffix = "_q", DequantizedSuffix = "_dq", ScaleSuffix = "_s", ZeroPointSuffix = "_zp";

    private static void ReserveExistingNames(OnnxGraphBuilder builder, GraphProto graph)
    {
        foreach (var name in graph.Input.Select(i => i.Name)
                     .Concat(graph.Initializer.Select(t => t.Name))
                     .Concat(graph.Node.SelectMany(n => n.Output.Concat(n.Input)))
                     .Concat(graph.Node.Select(n => n.Name)))
            if (name.Length > 0) builder.UniqueName(name);
    }

    private static string AddPair(OnnxGraphBuilder b, Func<string, string> stem, string tensor, UInt8Quantization p)
    {
        var scale = b.AddScalar(stem(tensor) + ScaleSuffix, p.Scale);
        var zeroPoint = b.AddInitializer(stem(tensor) + ZeroPointSuffix, [p.ZeroPoint]);
        var q = b.AddNode("QuantizeLinear", [tensor, scale, zeroPoint], stem(tensor) + QuantizedSuffix);
        return b.AddNode("DequantizeLinear", [q, scale, zeroPoint], stem(tensor) + DequantizedSuffix);
    }

    private static string AddWeight(OnnxGraphBuilder b, Func<string, string> stem, TensorProto weight, PerChannelWeights q)
    {
        int channels = q.Scales.Length;
        var values = b.AddInitializer(stem(weight.Name) + QuantizedSuffix, q.Values, weight.Dims.ToArray());
        var scale = b.AddInitializer(stem(weight.Name) + ScaleSuffix, q.Scales, channels);
        var zeroPoint = b.AddInitializer(stem(weight.Name) + ZeroPointSuffix, new sbyte[channels], channels);
        return b.AddNode("DequantizeLinear", [values, scale, zeroPoint], stem(weight.Name) + DequantizedSuffix, OnnxAttribute.Int("axis", q.Axis));
    }

    private static string AddBias(OnnxGraphBuilder b, Func<string, string> stem, string name, QuantizedBias q)
    {
        int channels = q.Values.Length;
        var values = b.AddInitializer(stem(name) + QuantizedSuffix, q.Values, channels);
        var scale = b.AddInitializer(stem(name) + ScaleSuffix, q.Scales, channels);
        var zeroPoint = b.AddInitializer(stem(name) + ZeroPointSuffix, new int[channels], channels);
        return b.AddNode("DequantizeLinear", [values, scale, zeroPoint], stem(name) + DequantizedSuffix, OnnxAttribute.Int("axis", 0));
    }

    /// <summary>A float constant read as an activation (e.g. the bias of MatMul + Add): uint8 over its own range.</summary>
    private static string AddConstant(OnnxGraphBuilder b, Func<string, string> stem, TensorProto constant)
    {
        var values = InitializerData.ReadFloats(constant);
        var p = UInt8Quantization.ForRange(values.Length == 0 ? default : new ActivationRange(values.Min(), values.Max()));
        var q = values.Select(p.Quantize).ToArray();
        var stored = b.AddInitializer(stem(constant.Name) + QuantizedSuffix, q, constant.Dims.ToArray());
        var scale = b.AddScalar(stem(constant.Name) + ScaleSuffix, p.Scale);
        var zeroPoint = b.AddInitializer(stem(constant.Name) + ZeroPointSuffix, [p.ZeroPoint]);
        return b.AddNode("DequantizeLinear", [stored, scale, zeroPoint], stem(constant.Name) + DequantizedSuffix);
    }
}
