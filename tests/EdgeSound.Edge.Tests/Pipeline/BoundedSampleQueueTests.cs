using EdgeSound.Shared.Tests.Support;
using System.Diagnostics;
using EdgeSound.Edge.Pipeline;
using EdgeSound.Edge.Tests.Support;
using Xunit;

namespace EdgeSound.Edge.Tests.Pipeline;

public sealed class BoundedSampleQueueTests
{
    private static float[] Ramp(int from, int count) => Enumerable.Range(from, count).Select(i => (float)i).ToArray();

    [Fact]
    public void Reads_samples_in_the_order_written_across_the_ring_end()
    {
        var queue = new BoundedSampleQueue(8);
        var read = new float[8];
        queue.Write(Ramp(0, 6));
        Assert.Equal(4, queue.Read(read.AsSpan(0, 4), CancellationToken.None));
        queue.Write(Ramp(6, 5)); // wraps: ring slots 6, 7, 0, 1, 2

        Assert.Equal(7, queue.Read(read, out long first, CancellationToken.None));
        Assert.Equal(4, first);
        Assert.Equal(Ramp(4, 7), read[..7]);
        Assert.Equal(0, queue.DroppedSamples);
        Assert.Equal(11, queue.WrittenSamples);
    }

    [Fact]
    public void Drops_the_oldest_samples_when_the_reader_falls_behind_and_counts_them()
    {
        var queue = new BoundedSampleQueue(8);
        queue.Write(Ramp(0, 6));
        queue.Write(Ramp(6, 6));

        Assert.Equal(8, queue.Count);
        Assert.Equal(4, queue.DroppedSamples);
        var read = new float[16];
        Assert.Equal(8, queue.Read(read, out long first, CancellationToken.None));
        Assert.Equal(4, first); // samples 0-3 were dropped: the stream resumes at 4
        Assert.Equal(Ramp(4, 8), read[..8]);
    }

    [Fact]
    public void A_write_longer_than_the_capacity_keeps_only_its_newest_samples()
    {
        var queue = new BoundedSampleQueue(5);
        queue.Write(Ramp(0, 3));
        queue.Write(Ramp(3, 12));

        Assert.Equal(10, queue.DroppedSamples);
        var read = new float[5];
        Assert.Equal(5, queue.Read(read, out long first, CancellationToken.None));
        Assert.Equal(10, first);
        Assert.Equal(Ramp(10, 5), read);
    }

    [Fact]
    public void Never_holds_more_than_its_capacity_however_much_is_written()
    {
        var queue = new BoundedSampleQueue(1000);
        var chunk = Ramp(0, 333);
        for (int i = 0; i < 300; i++) queue.Write(chunk);

        Assert.Equal(1000, queue.Count);
        Assert.Equal(300 * 333 - 1000, queue.DroppedSamples);
    }

    [Fact]
    public void A_blocked_read_returns_when_samples_arrive()
    {
        var queue = new BoundedSampleQueue(16);
        var writer = new Thread(() => { Thread.Sleep(50); queue.Write(Ramp(1, 3)); });
        var read = new float[16];
        // Started before the writer, so the writer's 50 ms all fall inside the measured time.
        var clock = Stopwatch.StartNew();
        writer.Start();

        Assert.Equal(3, queue.Read(read, CancellationToken.None));
        Assert.True(clock.ElapsedMilliseconds >= 30, $"returned after {clock.ElapsedMilliseconds} ms, before the write");
        Assert.Equal(Ramp(1, 3), read[..3]);
        writer.Join();
    }

    [Fact]
    public void After_completion_the_reader_drains_what_is_left_then_reads_zero()
    {
        var queue = new BoundedSampleQueue(16);
        queue.Write(Ramp(0, 5));
        queue.Complete();

        var read = new float[3];
        Assert.True(queue.IsCompleted);
        Assert.Equal(3, queue.Read(read, CancellationToken.None));
        Assert.Equal(2, queue.Read(read, CancellationToken.None));
        Assert.Equal(0, queue.Read(read, CancellationToken.None));
        Assert.Throws<InvalidOperationException>(() => queue.Write(Ramp(0, 1)));
    }

    [Fact]
    public void Completion_wakes_a_blocked_reader_with_zero()
    {
        var queue = new BoundedSampleQueue(16);
        var completer = new Thread(() => { Thread.Sleep(30); queue.Complete(); });
        completer.Start();
        Assert.Equal(0, queue.Read(new float[4], CancellationToken.None));
        completer.Join();
    }

    [Fact]
    public void Cancellation_ends_a_blocked_read()
    {
        var queue = new BoundedSampleQueue(16);
        var clock = Stopwatch.StartNew();
        using var cancel = new TimedCancellation(TimeSpan.FromMilliseconds(50));

        Assert.ThrowsAny<OperationCanceledException>(() => queue.Read(new float[4], cancel.Token));
        Assert.True(cancel.IsCancellationRequested);
        Assert.True(clock.ElapsedMilliseconds >= 40, $"the read ended after {clock.ElapsedMilliseconds} ms, before the cancel");
    }

    [Fact]
    public void Writes_and_reads_allocate_nothing()
    {
        var queue = new BoundedSampleQueue(4096);
        var chunk = Ramp(0, 960);
        var read = new float[1600];
        using var cancel = new CancellationTokenSource();

        long bytes = Allocations.SteadyStateBytes(() =>
        {
            for (int i = 0; i < 200; i++)
            {
                queue.Write(chunk);
                queue.Write(chunk);
                queue.Read(read, cancel.Token);
            }
        });

        Assert.Equal(0, bytes);
    }

    [Fact]
    public async Task A_waiting_queue_blocks_the_writer_until_the_reader_makes_room_and_drops_nothing()
    {
        var queue = new BoundedSampleQueue(4, waitWhenFull: true);
        var written = Enumerable.Range(0, 20).Select(i => (float)i).ToArray();
        var writer = Task.Run(() =>
        {
            queue.Write(written);
            queue.Complete();
        });

        var read = new List<float>();
        var buffer = new float[3];
        int n;
        while ((n = queue.Read(buffer, CancellationToken.None)) > 0) read.AddRange(buffer[..n]);
        await writer;

        Assert.Equal(written, read);
        Assert.Equal(0, queue.DroppedSamples);
    }

    [Fact]
    public void A_writer_waiting_for_room_stops_when_cancelled()
    {
        var queue = new BoundedSampleQueue(2, waitWhenFull: true);
        using var cancel = new TimedCancellation(TimeSpan.FromMilliseconds(100));
        Assert.Throws<OperationCanceledException>(() => queue.Write([1f, 2f, 3f], cancel.Token));
        Assert.Equal(2, queue.Count);
    }
}
