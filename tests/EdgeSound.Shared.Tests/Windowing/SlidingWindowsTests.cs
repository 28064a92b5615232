using EdgeSound.Shared.Windowing;
using Xunit;

namespace EdgeSound.Shared.Tests.Windowing;

public sealed class SlidingWindowsTests
{
    [Theory]
    [InlineData(10, 4, 2, new[] { 0, 2, 4, 6 })]          // last window ends exactly at the end
    [InlineData(11, 4, 2, new[] { 0, 2, 4, 6, 7 })]       // tail window aligned to the end
    [InlineData(12, 4, 3, new[] { 0, 3, 6, 8 })]
    [InlineData(10, 3, 4, new[] { 0, 4, 7 })]             // hop longer than the window
    [InlineData(8, 8, 4, new[] { 0 })]                    // exactly one window
    [InlineData(9, 8, 4, new[] { 0, 1 })]
    [InlineData(501, 200, 100, new[] { 0, 100, 200, 300, 301 })] // 5 s at a 10 ms hop, 2 s windows
    [InlineData(5, 1, 1, new[] { 0, 1, 2, 3, 4 })]
    public void Starts_at_multiples_of_the_hop_and_covers_the_tail(int frames, int window, int hop, int[] expected)
    {
        Assert.Equal(expected, SlidingWindows.Starts(frames, window, hop));
        Assert.Equal(expected.Length, SlidingWindows.Count(frames, window, hop));
    }

    [Theory]
    [InlineData(1, 200, 100)]
    [InlineData(3, 4, 2)]
    [InlineData(199, 200, 50)]
    public void Gives_a_clip_shorter_than_a_window_one_window_at_zero(int frames, int window, int hop)
    {
        Assert.Equal([0], SlidingWindows.Starts(frames, window, hop));
        Assert.Equal(1, SlidingWindows.Count(frames, window, hop));
    }

    [Fact]
    public void Covers_every_frame_with_in_bounds_ascending_windows_for_many_shapes()
    {
        for (var frames = 1; frames <= 40; frames++)
            for (var window = 1; window <= 12; window++)
                for (var hop = 1; hop <= window; hop++)
                {
                    var starts = SlidingWindows.Starts(frames, window, hop);
                    Assert.Equal(starts.Length, SlidingWindows.Count(frames, window, hop));
                    Assert.Equal(0, starts[0]);
                    var covered = new bool[frames];
                    for (var i = 0; i < starts.Length; i++)
                    {
                        if (i > 0) Assert.True(starts[i] > starts[i - 1], $"frames={frames} window={window} hop={hop}");
                        Assert.True(frames < window || starts[i] + window <= frames);
                        for (var t = starts[i]; t < Math.Min(frames, starts[i] + window); t++) covered[t] = true;
                    }
                    Assert.All(covered, Assert.True);
                }
    }

    [Fact]
    public void Writes_starts_into_a_span_without_allocating()
    {
        Span<int> starts = stackalloc int[8];
        SlidingWindows.WriteStarts(11, 4, 2, starts); // warm up

        var before = GC.GetAllocatedBytesForCurrentThread();
        var count = SlidingWindows.WriteStarts(11, 4, 2, starts);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal([0, 2, 4, 6, 7], starts[..count].ToArray());
    }

    [Fact]
    public void Rejects_a_span_too_short_for_the_starts()
    {
        Assert.Throws<ArgumentException>(() => SlidingWindows.WriteStarts(11, 4, 2, new int[4]));
    }

    [Theory]
    [InlineData(0, 4, 2)]
    [InlineData(10, 0, 2)]
    [InlineData(10, 4, 0)]
    [InlineData(10, 4, -1)]
    public void Rejects_non_positive_arguments(int frames, int window, int hop)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindows.Starts(frames, window, hop));
        Assert.Throws<ArgumentOutOfRangeException>(() => SlidingWindows.Count(frames, window, hop));
    }
}
