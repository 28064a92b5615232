using System.Diagnostics;
using System.IO.Pipes;
using EdgeSound.Edge.Audio;
using EdgeSound.Edge.Pipeline;
using Xunit;

namespace EdgeSound.Edge.Tests.Pipeline;

public sealed class CaptureThreadTests : IDisposable
{
    private static readonly TimeSpan ShortStop = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan ReadReached = TimeSpan.FromSeconds(10);

    // A producer that is connected but never writes (arecord paused, an idle pipe): the read blocks in the kernel.
    private readonly AnonymousPipeServerStream _producer = new(PipeDirection.Out);
    private readonly ReadSignallingStream _pipe;
    private readonly PcmStreamSource _stdin;
    private readonly BoundedSampleQueue _queue = new(16000);

    public CaptureThreadTests()
    {
        _pipe = new ReadSignallingStream(new AnonymousPipeClientStream(PipeDirection.In, _producer.ClientSafePipeHandle));
        _stdin = new PcmStreamSource(_pipe, 16000, 1, PcmSampleFormat.S16_LE, ownsStream: true);
    }

    public void Dispose()
    {
        // Closing the write end ends the blocked read, so the abandoned thread finishes too.
        _producer.Dispose();
    }

    [Fact]
    public void A_requested_stop_while_the_producer_is_idle_abandons_the_read_and_is_a_normal_end()
    {
        using var cancellation = new CancellationTokenSource();
        using var capture = new CaptureThread(_stdin, _queue, cancellation.Token, ShortStop);
        capture.Start();
        // Past the source's own cancellation check: the thread is in the stream read, which will block.
        Assert.True(_pipe.ReadEntered.Wait(ReadReached), "the capture thread never reached the stream read");

        cancellation.Cancel();
        var clock = Stopwatch.StartNew();
        capture.Stop();

        Assert.True(capture.Abandoned);
        Assert.InRange(clock.Elapsed, ShortStop, TimeSpan.FromSeconds(2));
    }

    [Fact]
    public void A_read_that_will_not_return_when_nobody_asked_to_stop_is_still_a_timeout()
    {
        using var capture = new CaptureThread(_stdin, _queue, CancellationToken.None, ShortStop);
        capture.Start();
        Assert.True(_pipe.ReadEntered.Wait(ReadReached), "the capture thread never reached the stream read");

        var error = Assert.Throws<TimeoutException>(capture.Stop);

        Assert.Contains("pcm:stdin", error.Message);
        Assert.True(capture.Abandoned);
    }

    [Fact]
    public void A_source_that_ends_is_not_abandoned()
    {
        using var cancellation = new CancellationTokenSource();
        using var capture = new CaptureThread(_stdin, _queue, cancellation.Token, ShortStop);
        capture.Start();
        _producer.Write(new byte[640]);
        _producer.Dispose(); // end of stream after 320 samples
        Assert.True(SpinWait.SpinUntil(() => _queue.WrittenSamples == 320, TimeSpan.FromSeconds(2)));

        capture.Stop();

        Assert.False(capture.Abandoned);
    }
}
