using EdgeSound.Shared.Windowing;
using Xunit;

namespace EdgeSound.Shared.Tests.Windowing;

public sealed class ClipAggregatorTests
{
    [Fact]
    public void Averages_each_class_over_the_windows()
    {
        float[] probs =
        [
            0.5f, 0.3f, 0.2f,
            0.1f, 0.7f, 0.2f,
            0.3f, 0.2f, 0.5f,
        ];
        var mean = new float[3];

        ClipAggregator.MeanProbabilities(probs, windowCount: 3, classCount: 3, mean);

        Assert.Equal(0.3f, mean[0], 6);
        Assert.Equal(0.4f, mean[1], 6);
        Assert.Equal(0.3f, mean[2], 6);
    }

    [Fact]
    public void Returns_a_single_windows_probabilities_unchanged()
    {
        float[] probs = [0.25f, 0.75f];
        var mean = new float[2];

        ClipAggregator.MeanProbabilities(probs, 1, 2, mean);

        Assert.Equal(probs, mean);
    }

    [Fact]
    public void Rejects_mismatched_shapes()
    {
        Assert.Throws<ArgumentException>(() => ClipAggregator.MeanProbabilities(new float[5], 2, 3, new float[3]));
        Assert.Throws<ArgumentException>(() => ClipAggregator.MeanProbabilities(new float[6], 2, 3, new float[2]));
        Assert.Throws<ArgumentOutOfRangeException>(() => ClipAggregator.MeanProbabilities([], 0, 3, new float[3]));
    }

    [Theory]
    [InlineData(new[] { 0.1f, 0.7f, 0.2f }, 1)]
    [InlineData(new[] { 0.4f, 0.2f, 0.4f }, 0)]          // tie: lowest index
    [InlineData(new[] { 0.1f, 0.45f, 0.45f }, 1)]        // tie: lowest index
    [InlineData(new[] { -3f, -1f, -2f }, 1)]
    [InlineData(new[] { 5f }, 0)]
    public void Picks_the_largest_with_the_lowest_index_winning_ties(float[] values, int expected)
    {
        Assert.Equal(expected, ClipAggregator.ArgMax(values));
    }

    [Fact]
    public void Refuses_to_pick_from_nothing_or_from_nan()
    {
        Assert.Throws<ArgumentException>(() => ClipAggregator.ArgMax([]));
        Assert.Throws<ArgumentException>(() => ClipAggregator.ArgMax([0.2f, float.NaN, 0.1f]));
    }

    [Fact]
    public void Aggregates_without_allocating()
    {
        var probs = new float[] { 0.1f, 0.8f, 0.1f, 0.3f, 0.5f, 0.2f };
        var mean = new float[3];
        ClipAggregator.MeanProbabilities(probs, 2, 3, mean); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        ClipAggregator.MeanProbabilities(probs, 2, 3, mean);
        var best = ClipAggregator.ArgMax(mean);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1, best);
    }
}
