using TorchSharp.Modules;

namespace EdgeSound.Trainer.Export;

/// <summary>A convolution with an eval-mode batch norm folded into its weights and bias.</summary>
/// <param name="Weight">Folded weights, row-major in <paramref name="Shape"/> ([Cout, Cin, k] or [Cout, Cin, kH, kW]).</param>
/// <param name="Shape">The convolution weight's shape.</param>
/// <param name="Bias">Folded bias, one per output channel.</param>
public sealed record FoldedConvolution(float[] Weight, long[] Shape, float[] Bias);

/// <summary>
/// Folds eval-mode batch norm, y = gamma (x - mean) / sqrt(var + eps) + beta, into the convolution
/// before it: w' = w * s and b' = (b - mean) * s + beta with s = gamma / sqrt(var + eps), per
/// output channel. The arithmetic runs in double so folding adds no rounding beyond the final cast.
/// </summary>
public static class BatchNormFolding
{
    /// <summary>Folds <paramref name="norm"/>'s running statistics and affine parameters into <paramref name="conv"/>.</summary>
    /// <exception cref="NotSupportedException">The batch norm keeps no running statistics (eval mode would use batch statistics).</exception>
    public static FoldedConvolution Fold(Convolution conv, BatchNorm norm)
    {
        if (norm.running_mean is null || norm.running_var is null)
            throw new NotSupportedException("Batch norm without running statistics cannot be folded: eval mode would normalise with batch statistics.");
        long outChannels = conv.out_channels;
        if (norm.num_features != outChannels)
            throw new ArgumentException($"Batch norm over {norm.num_features} channels cannot follow a convolution with {outChannels} outputs.");

        var weight = Weights.OfDouble(conv.weight!);
        var bias = conv.bias is null ? new double[outChannels] : Weights.OfDouble(conv.bias);
        var mean = Weights.OfDouble(norm.running_mean);
        var variance = Weights.OfDouble(norm.running_var);
        var gamma = norm.weight is null ? Ones(outChannels) : Weights.OfDouble(norm.weight);
        var beta = norm.bias is null ? new double[outChannels] : Weights.OfDouble(norm.bias);

        var folded = Fold(weight, bias, gamma, beta, mean, variance, norm.eps);
        return new FoldedConvolution(folded.Weight, conv.weight!.shape, folded.Bias);
    }

    /// <summary>
    /// The folding itself, on plain arrays: <paramref name="weight"/> holds one contiguous block of
    /// weights per output channel (the channel is the leading axis).
    /// </summary>
    public static (float[] Weight, float[] Bias) Fold(ReadOnlySpan<double> weight, ReadOnlySpan<double> bias,
        ReadOnlySpan<double> gamma, ReadOnlySpan<double> beta, ReadOnlySpan<double> mean, ReadOnlySpan<double> variance, double eps)
    {
        int channels = bias.Length;
        if (gamma.Length != channels || beta.Length != channels || mean.Length != channels || variance.Length != channels || weight.Length % channels != 0)
            throw new ArgumentException($"Folding needs per-channel vectors of {channels} values and weights a multiple of that, got weight {weight.Length}, gamma {gamma.Length}, beta {beta.Length}, mean {mean.Length}, var {variance.Length}.");
        int perChannel = weight.Length / channels;
        var foldedWeight = new float[weight.Length];
        var foldedBias = new float[channels];
        for (int c = 0; c < channels; c++)
        {
            double scale = gamma[c] / Math.Sqrt(variance[c] + eps);
            for (int i = c * perChannel; i < (c + 1) * perChannel; i++)
                foldedWeight[i] = (float)(weight[i] * scale);
            foldedBias[c] = (float)((bias[c] - mean[c]) * scale + beta[c]);
        }
        return (foldedWeight, foldedBias);
    }

    private static double[] Ones(long count)
    {
        var ones = new double[count];
        Array.Fill(ones, 1.0);
        return ones;
    }
}
