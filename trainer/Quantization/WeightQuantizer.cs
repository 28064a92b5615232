namespace EdgeSound.Trainer.Quantization;

/// <summary>Int8 weights with one symmetric scale per output channel (zero point 0).</summary>
/// <param name="Values">The int8 weights, same layout as the float ones.</param>
/// <param name="Scales">One scale per channel along <paramref name="Axis"/>: max|w| / the largest level.</param>
/// <param name="Axis">The channel axis.</param>
public sealed record PerChannelWeights(sbyte[] Values, float[] Scales, int Axis);

/// <summary>Int32 biases in the accumulator's scale: channel c has scale input_scale · weight_scale[c].</summary>
public sealed record QuantizedBias(int[] Values, float[] Scales);

/// <summary>The weight and bias arithmetic of static quantisation (ONNX Runtime's QDQ conventions).</summary>
public static class WeightQuantizer
{
    /// <summary>
    /// Symmetric per-channel weights of <paramref name="bits"/> bits stored as int8: with L =
    /// 2^(bits-1) - 1 (127 for 8 bits, 63 for 7), scale[c] = max|w[c]|/L and q = round(w/scale) in
    /// [-L, L] (the restricted range keeps +-max exactly symmetric). An all-zero channel gets scale 1.
    /// </summary>
    public static PerChannelWeights Quantize(ReadOnlySpan<float> weights, IReadOnlyList<long> dims, int axis, int bits = 8)
    {
        if (bits is < 2 or > 8) throw new ArgumentOutOfRangeException(nameof(bits), bits, "Weights are stored as int8: 2 to 8 bits.");
        int level = (1 << (bits - 1)) - 1;
        if (axis < 0 || axis >= dims.Count) throw new ArgumentOutOfRangeException(nameof(axis), axis, $"The weight has {dims.Count} dimensions.");
        int channels = (int)dims[axis];
        long inner = 1, outer = 1;
        for (int d = axis + 1; d < dims.Count; d++) inner *= dims[d];
        for (int d = 0; d < axis; d++) outer *= dims[d];
        if (outer * channels * inner != weights.Length)
            throw new ArgumentException($"A weight of shape [{string.Join(", ", dims)}] holds {outer * channels * inner} values, got {weights.Length}.");

        var maxAbs = new float[channels];
        for (long o = 0; o < outer; o++)
            for (int c = 0; c < channels; c++)
                foreach (var w in weights.Slice((int)((o * channels + c) * inner), (int)inner))
                    maxAbs[c] = Math.Max(maxAbs[c], Math.Abs(w));

        var scales = new float[channels];
        for (int c = 0; c < channels; c++) scales[c] = maxAbs[c] > 0 ? maxAbs[c] / level : 1f;

        var values = new sbyte[weights.Length];
        for (long o = 0; o < outer; o++)
            for (int c = 0; c < channels; c++)
            {
                int start = (int)((o * channels + c) * inner);
                for (int i = start; i < start + inner; i++)
                    values[i] = (sbyte)Math.Clamp(Math.Round(weights[i] / scales[c], MidpointRounding.ToEven), -level, level);
            }
        return new PerChannelWeights(values, scales, axis);
    }

    /// <summary>Int32 biases for a layer whose input has scale <paramref name="inputScale"/> and whose weights have <paramref name="weightScales"/>.</summary>
    public static QuantizedBias QuantizeBias(ReadOnlySpan<float> bias, float inputScale, ReadOnlySpan<float> weightScales)
    {
        if (bias.Length != weightScales.Length)
            throw new ArgumentException($"{bias.Length} biases for {weightScales.Length} weight channels.");
        var values = new int[bias.Length];
        var scales = new float[bias.Length];
        for (int c = 0; c < bias.Length; c++)
        {
            scales[c] = inputScale * weightScales[c];
            values[c] = (int)Math.Clamp(Math.Round(bias[c] / (double)scales[c], MidpointRounding.ToEven), int.MinValue, int.MaxValue);
        }
        return new QuantizedBias(values, scales);
    }
}
