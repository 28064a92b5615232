using static TorchSharp.torch;

namespace EdgeSound.Trainer.Export;

/// <summary>Copies trained tensors out of libtorch as flat float arrays for ONNX initializers.</summary>
internal static class Weights
{
    /// <summary>The values of <paramref name="tensor"/> in row-major order, as float32 on the CPU.</summary>
    public static float[] Of(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        return tensor.detach().to(ScalarType.Float32).cpu().contiguous().data<float>().ToArray();
    }

    /// <summary>The values in double precision (for folding arithmetic that should add no rounding of its own).</summary>
    public static double[] OfDouble(Tensor tensor)
    {
        using var scope = NewDisposeScope();
        return tensor.detach().to(ScalarType.Float64).cpu().contiguous().data<double>().ToArray();
    }

    /// <summary>
    /// A Linear weight [out, in] as [in, out], the right-hand operand of an ONNX MatMul on
    /// [B, N, in] tokens (Gemm's transB only exists for rank-2 inputs).
    /// </summary>
    public static float[] Transposed(Tensor weight)
    {
        using var scope = NewDisposeScope();
        return Of(weight.detach().t());
    }
}
