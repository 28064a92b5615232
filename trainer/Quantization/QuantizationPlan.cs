using EdgeSound.Shared.Onnx.Proto;

namespace EdgeSound.Trainer.Quantization;

/// <summary>
/// Which nodes of a float model are quantised and how, and which activation tensors get a
/// QuantizeLinear/DequantizeLinear pair: every float input and the output of a quantised node,
/// except graph inputs stay declared float (the pair goes after them) and graph outputs stay
/// float (the logits keep full precision; QGemm/MatMul can produce float directly).
/// Decided before calibration, so calibration observes exactly the tensors that need a range.
/// </summary>
public sealed class QuantizationPlan
{
    private static readonly HashSet<string> ActivationOps = new(StringComparer.Ordinal)
    {
        "Add", "Mul", "MatMul", "Concat", "GlobalAveragePool", "AveragePool", "Relu", "Sigmoid", "LeakyRelu", "Softmax",
    };

    private static readonly HashSet<string> DataMovementOps = new(StringComparer.Ordinal)
    {
        "MaxPool", "Reshape", "Transpose", "Flatten", "Squeeze", "Unsqueeze", "Gather",
    };

    private QuantizationPlan(IReadOnlyList<NodePlan> nodes, IReadOnlyList<string> quantizedTensors,
        IReadOnlyDictionary<string, string> sharedRanges, IReadOnlySet<string> unitRangeTensors)
    {
        Nodes = nodes;
        QuantizedTensors = quantizedTensors;
        SharedRanges = sharedRanges;
        UnitRangeTensors = unitRangeTensors;
        CalibratedTensors = quantizedTensors.Where(t => !sharedRanges.ContainsKey(t) && !unitRangeTensors.Contains(t)).ToArray();
    }

    /// <summary>One plan per node of the float graph, in graph order.</summary>
    public IReadOnlyList<NodePlan> Nodes { get; }

    /// <summary>Activation tensors that get a QuantizeLinear/DequantizeLinear pair, in graph order.</summary>
    public IReadOnlyList<string> QuantizedTensors { get; }

    /// <summary>Outputs of data-movement nodes mapped to the tensor whose parameters they reuse.</summary>
    public IReadOnlyDictionary<string, string> SharedRanges { get; }

    /// <summary>Softmax outputs, quantised over the fixed range [0, 1].</summary>
    public IReadOnlySet<string> UnitRangeTensors { get; }

    /// <summary>The tensors whose ranges calibration must measure.</summary>
    public IReadOnlyList<string> CalibratedTensors { get; }

    /// <summary>Plans the quantisation of <paramref name="model"/>'s main graph (element types from ONNX Runtime).</summary>
    public static QuantizationPlan Create(ModelProto model, QuantizationOptions options) =>
        Create(model, options, TensorTypes.FloatTensors(model));

    /// <summary>Plans the quantisation of <paramref name="model"/>'s main graph; only <paramref name="floatTensors"/> may be quantised.</summary>
    public static QuantizationPlan Create(ModelProto model, QuantizationOptions options, IReadOnlySet<string> floatTensors)
    {
        var graph = model.Graph;
        var initializers = graph.Initializer.ToDictionary(t => t.Name, StringComparer.Ordinal);
        var graphOutputs = graph.Output.Select(o => o.Name).ToHashSet(StringComparer.Ordinal);
        var consumers = new Dictionary<string, List<NodeProto>>(StringComparer.Ordinal);
        foreach (var node in graph.Node)
            foreach (var input in node.Input)
                if (input.Length > 0) (consumers.TryGetValue(input, out var list) ? list : consumers[input] = []).Add(node);

        bool KeptFloat(NodeProto n) => options.KeepFloat.Contains(n.OpType) || (n.Name.Length > 0 && options.KeepFloat.Contains(n.Name));

        var plans = new List<NodePlan>();
        var folded = new HashSet<NodeProto>(ReferenceEqualityComparer.Instance);
        foreach (var node in graph.Node)
        {
            if (folded.Contains(node)) continue;
            var plan = Classify(node, initializers, floatTensors);
            if (plan.IsQuantized && KeptFloat(node)) plan = new NodePlan(node, NodeTreatment.KeptFloat, [], -1, 0, -1, null);
            if (plan.Treatment == NodeTreatment.Weighted
                && !graphOutputs.Contains(node.Output[0])
                && consumers.GetValueOrDefault(node.Output[0]) is [{ OpType: "Relu" } relu]
                && relu.Domain.Length == 0 && !KeptFloat(relu) && !graphOutputs.Contains(relu.Output[0]))
            {
                plan = plan with { FoldedRelu = relu };
                folded.Add(relu);
            }
            plans.Add(plan);
        }

        var quantized = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        void Quantize(string tensor)
        {
            if (tensor.Length == 0 || initializers.ContainsKey(tensor) || graphOutputs.Contains(tensor)) return;
            if (seen.Add(tensor)) quantized.Add(tensor);
        }
        var shared = new Dictionary<string, string>(StringComparer.Ordinal);
        var unit = new HashSet<string>(StringComparer.Ordinal);
        var treatments = plans.ToDictionary<NodePlan, NodeProto, NodeTreatment>(p => p.Node, p => p.Treatment, ReferenceEqualityComparer.Instance);
        // An output only user-kept-float nodes read stays float: they read float tensors, so a Q/DQ pair would be dead.
        bool OnlyKeptFloatReaders(string tensor) => consumers.GetValueOrDefault(tensor) is { Count: > 0 } readers
            && readers.All(r => treatments.GetValueOrDefault(r) == NodeTreatment.KeptFloat);
        foreach (var plan in plans.Where(p => p.IsQuantized))
        {
            foreach (var i in plan.ActivationInputs) Quantize(plan.Node.Input[i]);
            if (!OnlyKeptFloatReaders(plan.Output)) Quantize(plan.Output);
            var input = plan.Node.Input[0];
            if (plan.Treatment == NodeTreatment.DataMovement && seen.Contains(input) && seen.Contains(plan.Output))
                shared[plan.Output] = shared.GetValueOrDefault(input, input);
            if (plan.Node.OpType == "Softmax" && seen.Contains(plan.Output)) unit.Add(plan.Output);
        }
        return new QuantizationPlan(plans, quantized, shared, unit);
    }

    private static NodePlan Classify(NodeProto node, Dictionary<string, TensorProto> initializers, IReadOnlySet<string> floatTensors)
    {
        var floatPlan = new NodePlan(node, NodeTreatment.Float, [], -1, 0, -1, null);
        // Only single-output standard-domain ops with a float result have QDQ forms (not MaxPool with
        // indices, nor the int64 shape arithmetic of exported graphs).
        if (node.Domain.Length > 0 || node.Output.Count != 1 || !floatTensors.Contains(node.Output[0])) return floatPlan;
        bool IsFloatConstant(string name) => initializers.ContainsKey(name) && floatTensors.Contains(name);
        long Attr(string name, long fallback) => node.Attribute.FirstOrDefault(a => a.Name == name)?.I ?? fallback;
        float FloatAttr(string name, float fallback) => node.Attribute.FirstOrDefault(a => a.Name == name)?.F ?? fallback;
        TensorProto? Constant(int index) => index < node.Input.Count && initializers.TryGetValue(node.Input[index], out var t) && InitializerData.IsFloat(t) ? t : null;
        bool IsActivation(int index) => index < node.Input.Count && node.Input[index].Length > 0
                                        && !initializers.ContainsKey(node.Input[index]) && floatTensors.Contains(node.Input[index]);

        switch (node.OpType)
        {
            case "Conv" when Constant(1) is { } w && IsActivation(0):
                return new NodePlan(node, NodeTreatment.Weighted, [0], 1, 0, Constant(2) is { Dims.Count: 1 } ? 2 : -1, null);
            case "Gemm" when Constant(1) is { Dims.Count: 2 } && IsActivation(0) && Attr("transA", 0) == 0
                             && FloatAttr("alpha", 1f) == 1f && FloatAttr("beta", 1f) == 1f:
                // B is [N, K] with transB=1 (a Linear layer's [out, in]): channels on axis 0; [K, N] otherwise.
                int axis = Attr("transB", 0) == 1 ? 0 : 1;
                var outputs = Constant(1)!.Dims[axis];
                return new NodePlan(node, NodeTreatment.Weighted, [0], 1, axis, Constant(2) is { Dims: [var n] } && n == outputs ? 2 : -1, null);
            case "MatMul" when Constant(1) is { Dims.Count: 2 } && IsActivation(0):
                // A constant [in, out] weight: one scale per output column.
                return new NodePlan(node, NodeTreatment.Weighted, [0], 1, 1, -1, null);
        }
        if (DataMovementOps.Contains(node.OpType) && IsActivation(0))
            return new NodePlan(node, NodeTreatment.DataMovement, [0], -1, 0, -1, null);
        if (ActivationOps.Contains(node.OpType))
        {
            int[] inputs = node.OpType is "Add" or "Mul" or "MatMul" or "Concat"
                ? Enumerable.Range(0, node.Input.Count).ToArray()
                : [0];
            // Every input must be an activation or a float constant (quantised per tensor like one).
            if (inputs.All(i => IsActivation(i) || IsFloatConstant(node.Input[i])) && inputs.Any(IsActivation))
                return new NodePlan(node, NodeTreatment.Activation, inputs, -1, 0, -1, null);
        }
        return floatPlan;
    }
}
