using EdgeSound.Shared.Onnx.Proto;

namespace EdgeSound.Trainer.Quantization;

/// <summary>How one node is quantised.</summary>
public enum NodeTreatment
{
    /// <summary>Left float: no integer form (LayerNormalization, Div, ...); reads dequantised inputs like any consumer.</summary>
    Float,

    /// <summary>
    /// Kept float by the user although it has an integer form: it reads the float tensors, not the
    /// dequantised ones, because ONNX Runtime would otherwise fuse DQ -> op -> Q into an integer kernel anyway.
    /// </summary>
    KeptFloat,

    /// <summary>Conv / Gemm / MatMul with a constant weight: int8 per-channel weight, int32 bias, uint8 activations.</summary>
    Weighted,

    /// <summary>An op with an integer kernel on activations only (Add, MatMul of two activations, GlobalAveragePool, ...).</summary>
    Activation,

    /// <summary>Moves or selects values (Reshape, Transpose, MaxPool, Gather, ...): its output shares its input's scale, so ONNX Runtime runs it on uint8 directly.</summary>
    DataMovement,
}

/// <summary>The decision for one node of the float graph.</summary>
/// <param name="Node">The float node.</param>
/// <param name="Treatment">How it is quantised.</param>
/// <param name="ActivationInputs">Input positions that carry uint8 activations (or constants quantised like them).</param>
/// <param name="WeightInput">Position of the constant weight (Weighted only), else -1.</param>
/// <param name="WeightAxis">Channel axis of that weight.</param>
/// <param name="BiasInput">Position of the constant bias quantised to int32, else -1.</param>
/// <param name="FoldedRelu">A ReLU right after a weighted node, absorbed into its uint8 output (zero point 0 clips at 0).</param>
public sealed record NodePlan(NodeProto Node, NodeTreatment Treatment, int[] ActivationInputs, int WeightInput, int WeightAxis, int BiasInput, NodeProto? FoldedRelu)
{
    /// <summary>The tensor the quantised node finally writes (the ReLU's output when one is folded in).</summary>
    public string Output => FoldedRelu?.Output[0] ?? Node.Output[0];

    /// <summary>True when the node runs on quantised inputs.</summary>
    public bool IsQuantized => Treatment is NodeTreatment.Weighted or NodeTreatment.Activation or NodeTreatment.DataMovement;
}
