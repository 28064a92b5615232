using EdgeSound.Trainer.Data;
using Xunit;

namespace EdgeSound.Trainer.Tests.Data;

public class FilterAugmentTests
{
    private const int Mels = 64, Frames = 10;

    /// <summary>The offset the filter added to each mel band of an all-zero window (it must be the same in every frame).</summary>
    private static double[] Response(double maxGainDb, int seed)
    {
        var window = new float[Mels * Frames];
        FilterAugment.Apply(window, Mels, Frames, maxGainDb, new Random(seed));
        var response = new double[Mels];
        for (int m = 0; m < Mels; m++)
        {
            var band = window.AsSpan(m * Frames, Frames);
            foreach (var v in band) Assert.Equal(band[0], v);
            response[m] = band[0];
        }
        return response;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    public void Each_band_gets_one_gain_within_the_limit_and_the_response_is_piecewise_linear_with_at_most_five_bands(int seed)
    {
        var response = Response(6, seed);
        double limit = 6 * Math.Log(10) / 10; // 6 dB of power in natural-log units
        Assert.All(response, r => Assert.InRange(r, -limit - 1e-6, limit + 1e-6));
        Assert.True(response.Max() - response.Min() > 0.01, "the response is flat");

        // Where the line bends there is a knot: at most MaxBands - 1 of them between the two edges.
        int bends = 0;
        for (int m = 1; m < Mels - 1; m++)
            if (Math.Abs(response[m + 1] - 2 * response[m] + response[m - 1]) > 1e-5) bends++;
        // A knot between two bands bends the line at both bands around it.
        Assert.True(bends <= 2 * (FilterAugment.MaxBands - 1), $"{bends} bends");
    }

    [Fact]
    public void The_same_random_stream_gives_the_same_response_and_another_does_not()
    {
        Assert.Equal(Response(6, 11), Response(6, 11));
        Assert.NotEqual(Response(6, 11), Response(6, 12));
    }

    [Fact]
    public void Zero_gain_leaves_the_window_and_the_random_stream_untouched()
    {
        var window = Enumerable.Range(0, Mels * Frames).Select(i => (float)i).ToArray();
        var before = window.ToArray();
        var random = new Random(5);
        FilterAugment.Apply(window, Mels, Frames, 0, random);
        Assert.Equal(before, window);
        Assert.Equal(new Random(5).Next(), random.Next());
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentException>(() => FilterAugment.Apply(new float[10], Mels, Frames, 6, new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => FilterAugment.Apply(new float[Mels * Frames], Mels, Frames, -1, new Random(1)));
        Assert.Throws<ArgumentOutOfRangeException>(() => FilterAugment.Apply(new float[Mels * Frames], Mels, Frames, double.NaN, new Random(1)));
    }
}
