namespace EdgeSound.Trainer.Quantization;

/// <summary>
/// The uint8 affine parameters of an activation: real = (q - ZeroPoint) * Scale. The range is
/// widened to contain 0 so that zero (padding, ReLU's floor) is represented exactly.
/// </summary>
public readonly record struct UInt8Quantization(float Scale, byte ZeroPoint)
{
    /// <summary>Parameters covering <paramref name="range"/> with 256 levels.</summary>
    public static UInt8Quantization ForRange(ActivationRange range)
    {
        double min = Math.Min(range.Min, 0.0), max = Math.Max(range.Max, 0.0);
        if (max - min < 1e-30) return new UInt8Quantization(1f, 0); // a tensor that is always 0
        float scale = (float)((max - min) / 255.0);
        double zero = Math.Round(-min / scale, MidpointRounding.ToEven);
        return new UInt8Quantization(scale, (byte)Math.Clamp(zero, 0, 255));
    }

    /// <summary>The quantised value of <paramref name="x"/> (round half to even, saturated), as QuantizeLinear computes it.</summary>
    public byte Quantize(float x) => (byte)Math.Clamp(Math.Round(x / Scale, MidpointRounding.ToEven) + ZeroPoint, 0, 255);
}
