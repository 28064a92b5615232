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
    public void Computes_softmax_of_small_logits()
    {
        var p = new float[3];

        ClipAggregator.Softmax([1f, 2f, 3f], p);

        // e^-2, e^-1, e^0 over their sum 1.5032147
        Assert.Equal(0.0900306f, p[0], tolerance: 1e-6f);
        Assert.Equal(0.2447285f, p[1], tolerance: 1e-6f);
        Assert.Equal(0.6652410f, p[2], tolerance: 1e-6f);
    }

    [Fact]
    public void Keeps_softmax_finite_for_huge_logits()
    {
        var p = new float[2];

        ClipAggregator.Softmax([1000f, 1001f], p);

        Assert.Equal(0.2689414f, p[0], tolerance: 1e-6f);
        Assert.Equal(0.7310586f, p[1], tolerance: 1e-6f);
    }

    [Fact]
    public void Gives_equal_logits_equal_probabilities()
    {
        var p = new float[4];

        ClipAggregator.Softmax([-7f, -7f, -7f, -7f], p);

        Assert.All(p, v => Assert.Equal(0.25f, v, 7));
    }

    [Fact]
    public void Computes_softmax_in_place()
    {
        float[] values = [0f, MathF.Log(3f)];

        ClipAggregator.Softmax(values, values);

        Assert.Equal(0.25f, values[0], tolerance: 1e-6f);
        Assert.Equal(0.75f, values[1], tolerance: 1e-6f);
    }

    [Fact]
    public void Rejects_non_finite_logits_and_mismatched_lengths()
    {
        Assert.Throws<ArgumentException>(() => ClipAggregator.Softmax([1f, float.NaN], new float[2]));
        Assert.Throws<ArgumentException>(() => ClipAggregator.Softmax([1f, float.PositiveInfinity], new float[2]));
        Assert.Throws<ArgumentException>(() => ClipAggregator.Softmax([1f, 2f], new float[3]));
        Assert.Throws<ArgumentException>(() => ClipAggregator.Softmax([], []));
    }

    [Fact]
    public void Aggregates_without_allocating()
    {
        var logits = new float[] { 0.1f, 2f, -1f, 0.5f, 1.5f, 0.2f };
        var probs = new float[6];
        var mean = new float[3];
        ClipAggregator.Softmax(logits.AsSpan(0, 3), probs.AsSpan(0, 3)); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        ClipAggregator.Softmax(logits.AsSpan(0, 3), probs.AsSpan(0, 3));
        ClipAggregator.Softmax(logits.AsSpan(3, 3), probs.AsSpan(3, 3));
        ClipAggregator.MeanProbabilities(probs, 2, 3, mean);
        var best = ClipAggregator.ArgMax(mean);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(1, best);
    }
}
