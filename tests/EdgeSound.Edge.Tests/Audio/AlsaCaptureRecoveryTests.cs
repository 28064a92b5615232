using EdgeSound.Edge.Audio;
using Xunit;

namespace EdgeSound.Edge.Tests.Audio;

/// <summary>
/// Overrun and lost-device handling of <see cref="AlsaCaptureSource"/> through the device seam: the
/// file plugin has no clock, so a real overrun or unplug cannot be provoked deterministically here.
/// </summary>
public sealed class AlsaCaptureRecoveryTests
{
    private const int EPIPE = 32, ENODEV = 19, EIO = 5, EAGAIN = 11, EBADFD = 77;
    private static readonly CaptureFormat Mono48k = new(48000, 1, PcmSampleFormat.S16_LE, 256, 1024);

    private readonly ManualClock _clock = new();
    private readonly List<string> _log = [];

    private static AlsaCaptureSettings Settings(TimeSpan initial, TimeSpan max) => new()
    {
        Device = "hw:1,0",
        ReopenInitialDelay = initial,
        ReopenMaxDelay = max,
    };

    private AlsaCaptureSource Source(ScriptedOpener opener, AlsaCaptureSettings? settings = null) =>
        new(settings ?? Settings(TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(4)), _log.Add, opener, _clock);

    [Fact]
    public void An_overrun_is_recovered_and_counted_with_the_frames_lost_since_the_last_read()
    {
        var device = new ScriptedCaptureDevice(Mono48k, _clock,
            DeviceStep.Frames(100),
            DeviceStep.ReadError(EPIPE, advance: TimeSpan.FromMilliseconds(500)),
            DeviceStep.Frames(100));
        using var source = Source(new ScriptedOpener(_clock, TimeSpan.Zero, () => device));
        var buffer = new float[100];

        Assert.Equal(100, source.Read(buffer, CancellationToken.None));
        Assert.Equal(100, source.Read(buffer, CancellationToken.None));

        Assert.Equal([-EPIPE], device.Recoveries);
        Assert.Equal(1, source.Stats.Overruns);
        Assert.Equal(24000, source.Stats.LostFrames); // 0.5 s at 48 kHz
        Assert.Equal(0, source.Stats.Reopens);
        Assert.Equal(101 / 32768f, buffer[0]); // the data after recovery
        Assert.Contains(_log, line => line.Contains("overrun") && line.Contains("24000"));
    }

    [Fact]
    public void An_overrun_reported_by_the_wait_is_recovered_too()
    {
        var device = new ScriptedCaptureDevice(Mono48k, _clock, DeviceStep.WaitError(EPIPE, TimeSpan.FromSeconds(1)), DeviceStep.Frames(10));
        using var source = Source(new ScriptedOpener(_clock, TimeSpan.Zero, () => device));

        Assert.Equal(10, source.Read(new float[64], CancellationToken.None));

        Assert.Equal([-EPIPE], device.Recoveries);
        Assert.Equal(1, source.Stats.Overruns);
        Assert.Equal(48000, source.Stats.LostFrames);
    }

    [Fact]
    public void Timeouts_and_eagain_are_waited_out_without_counting_trouble()
    {
        var device = new ScriptedCaptureDevice(Mono48k, _clock, new DeviceStep(Wait: 0), DeviceStep.ReadError(EAGAIN), DeviceStep.Frames(7));
        using var source = Source(new ScriptedOpener(_clock, TimeSpan.Zero, () => device));

        Assert.Equal(7, source.Read(new float[64], CancellationToken.None));

        Assert.Empty(device.Recoveries);
        Assert.Equal((0, 0, 0), (source.Stats.Overruns, source.Stats.LostFrames, source.Stats.Reopens));
        Assert.Empty(_log);
    }

    [Fact]
    public void A_vanished_device_is_reopened_with_doubling_back_off_up_to_the_cap()
    {
        var first = new ScriptedCaptureDevice(Mono48k, _clock, DeviceStep.Frames(5), DeviceStep.ReadError(ENODEV));
        var second = new ScriptedCaptureDevice(Mono48k, _clock, DeviceStep.Frames(5));
        var absent = ScriptedOpener.Absent("hw:1,0");
        var opener = new ScriptedOpener(_clock, TimeSpan.FromMilliseconds(250), () => first, absent, absent, absent, absent, () => second);
        using var source = Source(opener);
        var buffer = new float[5];
        source.Read(buffer, CancellationToken.None);

        Assert.Equal(5, source.Read(buffer, CancellationToken.None));

        Assert.True(first.Disposed);
        Assert.Empty(first.Recoveries); // a vanished device is not "recovered", it is reopened
        Assert.Equal(1, source.Stats.Reopens);
        Assert.Equal(60000, source.Stats.LostFrames); // 5 opens x 0.25 s at 48 kHz
        Assert.Equal(["2 ms.", "4 ms.", "4 ms.", "4 ms."], _log.Where(l => l.Contains("Retrying")).Select(l => l[^5..]));
        Assert.All(_log.Where(l => l.Contains("Retrying")), l => Assert.Contains("no such capture device 'hw:1,0'", l));
        Assert.Contains(_log, l => l.Contains("reopened after 5 attempt(s)"));
        Assert.Equal(1 / 32768f, buffer[0]);
        // The reopen asks for exactly what was negotiated first, so the pipeline's rate holds.
        Assert.Equal((48000, 1, PcmSampleFormat.S16_LE), (opener.Requests[^1].SampleRate, opener.Requests[^1].Channels, opener.Requests[^1].Format));
    }

    [Theory]
    [InlineData(EIO)]
    [InlineData(86)] // ESTRPIPE
    public void Io_errors_and_suspends_also_reopen(int errno)
    {
        var first = new ScriptedCaptureDevice(Mono48k, _clock, DeviceStep.ReadError(errno));
        var second = new ScriptedCaptureDevice(Mono48k, _clock, DeviceStep.Frames(3));
        using var source = Source(new ScriptedOpener(_clock, TimeSpan.Zero, () => first, () => second));

        Assert.Equal(3, source.Read(new float[8], CancellationToken.None));

        Assert.Equal(1, source.Stats.Reopens);
        Assert.Equal(0, source.Stats.Overruns);
    }

    [Fact]
    public void Another_error_is_recovered_and_if_recovery_fails_the_device_is_reopened()
    {
        var first = new ScriptedCaptureDevice(Mono48k, _clock, DeviceStep.ReadError(EBADFD)) { RecoverResult = -ENODEV };
        var second = new ScriptedCaptureDevice(Mono48k, _clock, DeviceStep.Frames(3));
        using var source = Source(new ScriptedOpener(_clock, TimeSpan.Zero, () => first, () => second));

        Assert.Equal(3, source.Read(new float[8], CancellationToken.None));

        Assert.Equal([-EBADFD], first.Recoveries);
        Assert.True(first.Disposed);
        Assert.Equal(1, source.Stats.Reopens);
    }

    [Fact]
    public void Cancellation_ends_the_back_off_promptly_and_the_next_read_reopens()
    {
        // Cancelled when the lost device is closed, just before the back-off starts: deterministic,
        // where a timer could fire late on a busy machine (it did in CI).
        using var cancel = new CancellationTokenSource();
        var first = new ScriptedCaptureDevice(Mono48k, _clock, DeviceStep.ReadError(ENODEV)) { OnDispose = cancel.Cancel };
        var later = new ScriptedCaptureDevice(Mono48k, _clock, DeviceStep.Frames(4));
        var opener = new ScriptedOpener(_clock, TimeSpan.Zero, () => first, () => later);
        using var source = Source(opener, Settings(TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(2)));
        var watch = System.Diagnostics.Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() => source.Read(new float[8], cancel.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"cancelled after {watch.Elapsed}, not before the 2 s back-off");
        Assert.Equal(1, opener.Opens); // cancelled while waiting out the first delay
        Assert.True(first.Disposed);
        Assert.Equal(4, source.Read(new float[8], CancellationToken.None));
        Assert.Equal(1, source.Stats.Reopens);
    }

    [Fact]
    public void A_device_that_comes_back_at_another_rate_is_an_error_naming_both_rates()
    {
        var first = new ScriptedCaptureDevice(Mono48k, _clock, DeviceStep.ReadError(ENODEV));
        var other = new ScriptedCaptureDevice(Mono48k with { SampleRate = 44100 }, _clock);
        using var source = Source(new ScriptedOpener(_clock, TimeSpan.Zero, () => first, () => other));

        var error = Assert.Throws<AudioDeviceException>(() => source.Read(new float[8], CancellationToken.None));

        Assert.Contains("44100 Hz instead of 48000 Hz", error.Message);
        Assert.True(other.Disposed);
    }
}
