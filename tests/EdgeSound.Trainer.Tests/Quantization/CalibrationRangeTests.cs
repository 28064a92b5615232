using EdgeSound.Shared.Randomness;
using EdgeSound.Trainer.Quantization;
using Xunit;

namespace EdgeSound.Trainer.Tests.Quantization;

public sealed class CalibrationRangeTests
{
    /// <summary>100,000 values uniform in [-1, 1] plus one outlier at 50.</summary>
    private static TensorStatistics WithOneOutlier()
    {
        var random = new SplitMix64(5);
        var values = new float[100_000];
        for (int i = 0; i < values.Length; i++) values[i] = (float)(random.NextDouble() * 2 - 1);
        values[12_345] = 50f;
        var statistics = new TensorStatistics();
        // In several batches, so the histogram grows as the outlier arrives.
        for (int start = 0; start < values.Length; start += 10_000) statistics.Add(values.AsSpan(start, 10_000));
        return statistics;
    }

    [Fact]
    public void Minmax_covers_the_outlier()
    {
        var range = RangeEstimator.Estimate(WithOneOutlier(), CalibrationMethod.MinMax);

        Assert.Equal(50f, range.Max);
        Assert.True(range.Min is < -0.999f and >= -1f);
    }

    [Fact]
    public void Percentile_and_entropy_ranges_ignore_one_outlier_that_minmax_covers()
    {
        var statistics = WithOneOutlier();
        var minmax = RangeEstimator.Estimate(statistics, CalibrationMethod.MinMax);

        var percentile = RangeEstimator.Estimate(statistics, CalibrationMethod.Percentile);
        var entropy = RangeEstimator.Estimate(statistics, CalibrationMethod.Entropy);

        // The 99.99th percentile of |x| is ~1, read as a bin edge: after the outlier the bins are
        // 64/2048 wide (the first batch sized them for ~1, then they doubled six times).
        Assert.InRange(percentile.Max, 0.99f, 1.04f);
        Assert.InRange(percentile.Min, -1.04f, -0.99f);
        Assert.True(percentile.Width < minmax.Width / 20);
        Assert.True(entropy.Width < minmax.Width / 2, $"entropy range {entropy}");
    }

    [Fact]
    public void The_histogram_keeps_every_count_when_it_grows_and_its_memory_is_fixed()
    {
        var statistics = new TensorStatistics(binCount: 8);
        statistics.Add([0.1f, 0.2f, -0.9f, 0f]);   // range 0..~0.9 in 8 bins
        statistics.Add([7.5f, -3f, float.NaN]);    // grows to cover 7.5 by doubling: NaN ignored

        Assert.Equal(6, statistics.Count);
        Assert.Equal(6, statistics.Bins.ToArray().Sum());
        Assert.Equal(8, statistics.Bins.Length);
        Assert.True(statistics.HistogramRange > 7.5);
        Assert.Equal(-3f, statistics.Min);
        Assert.Equal(7.5f, statistics.Max);
    }

    [Fact]
    public void Uint8_parameters_cover_the_range_with_zero_exact()
    {
        var relu = UInt8Quantization.ForRange(new ActivationRange(0f, 2.55f));
        Assert.Equal(0.01f, relu.Scale, 6);
        Assert.Equal(0, relu.ZeroPoint);

        var signed = UInt8Quantization.ForRange(new ActivationRange(-1f, 3f)); // scale 4/255, zero at 63.75 -> 64
        Assert.Equal(64, signed.ZeroPoint);
        Assert.Equal(signed.ZeroPoint, signed.Quantize(0f));

        var positive = UInt8Quantization.ForRange(new ActivationRange(2f, 3f)); // widened to [0, 3]
        Assert.Equal(3f / 255f, positive.Scale, 6);
        Assert.Equal(0, positive.ZeroPoint);
    }

    [Fact]
    public void Calibration_observes_intermediate_tensors_through_onnx_runtime()
    {
        var model = TestGraphs.Cnn();
        var data = TestGraphs.Inputs(16, seed: 4);

        var statistics = ActivationCalibrator.Collect(model, ["input", "relu1", "conv1"], data, batchSize: 5);

        Assert.Equal(data.Inputs.Min(), statistics["input"].Min);
        Assert.Equal(data.Inputs.Max(), statistics["input"].Max);
        Assert.Equal(16L * 8 * TestGraphs.Mels * TestGraphs.Frames, statistics["relu1"].Count);
        Assert.Equal(0f, statistics["relu1"].Min);
        Assert.True(statistics["conv1"].Min < 0); // before the ReLU
        Assert.Equal(statistics["conv1"].Max, statistics["relu1"].Max);
    }
}
