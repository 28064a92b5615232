using EdgeSound.Trainer.Export;
using Xunit;

namespace EdgeSound.Trainer.Tests.Export;

public sealed class BatchNormFoldingTests
{
    [Fact]
    public void Folding_scales_each_output_channel_and_moves_the_normalisation_into_the_bias()
    {
        // Two output channels of two weights each; channel 1: gamma 2, var 3 (+eps 1) -> scale 1.
        double[] weight = [1, 2, 3, 4];
        var (w, b) = BatchNormFolding.Fold(weight, bias: [0, 1], gamma: [1, 2], beta: [0.5, -1], mean: [2, 3], variance: [0, 3], eps: 1);

        Assert.Equal([1f, 2f, 3f, 4f], w);          // scale 1/sqrt(0+1) = 1 and 2/sqrt(3+1) = 1
        Assert.Equal([-1.5f, -3f], b);             // (0-2)*1+0.5 and (1-3)*1-1
    }

    [Fact]
    public void Folded_weights_equal_conv_then_batch_norm_on_a_single_input()
    {
        // y = gamma * (w x + b - mean) / sqrt(var + eps) + beta must equal w' x + b'.
        double x = 0.7, weight = -1.3, bias = 0.2, gamma = 0.9, beta = 0.4, mean = -0.25, variance = 2.5, eps = 1e-5;
        var (w, b) = BatchNormFolding.Fold([weight], [bias], [gamma], [beta], [mean], [variance], eps);
        double reference = gamma * (weight * x + bias - mean) / Math.Sqrt(variance + eps) + beta;
        Assert.Equal(reference, w[0] * x + b[0], 6);
    }
}
