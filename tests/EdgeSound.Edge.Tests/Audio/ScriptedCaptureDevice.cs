using System.Buffers.Binary;
using EdgeSound.Edge.Audio;

namespace EdgeSound.Edge.Tests.Audio;

/// <summary>A clock that moves only when told to, for lost-frame estimates.</summary>
internal sealed class ManualClock : TimeProvider
{
    private long _ticks = TimeSpan.TicksPerDay;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Read(ref _ticks);

    public void Advance(TimeSpan by) => Interlocked.Add(ref _ticks, by.Ticks);
}

/// <summary>One scripted device call: what snd_pcm_wait and snd_pcm_readi return, after the clock moves.</summary>
/// <param name="Wait">1 ready, 0 timeout, or a negative errno.</param>
/// <param name="Read">Frames delivered (filled with a running counter) or a negative errno; unused when Wait != 1.</param>
/// <param name="Advance">How far the clock moves before the call.</param>
internal sealed record DeviceStep(int Wait = 1, long Read = 0, TimeSpan Advance = default)
{
    public static DeviceStep Frames(long frames, TimeSpan advance = default) => new(1, frames, advance);
    public static DeviceStep ReadError(int errno, TimeSpan advance = default) => new(1, -errno, advance);
    public static DeviceStep WaitError(int errno, TimeSpan advance = default) => new(-errno, 0, advance);
}

/// <summary>
/// A capture device that plays a script of ALSA results (mono S16): the seam for overrun and
/// vanished-device recovery, which no real device produces on demand here (the file plugin has no clock).
/// </summary>
internal sealed class ScriptedCaptureDevice(CaptureFormat format, ManualClock clock, params DeviceStep[] steps) : ICaptureDevice
{
    private readonly Queue<DeviceStep> _steps = new(steps);
    private DeviceStep? _current;
    private short _counter;

    public CaptureFormat Format { get; } = format;
    public List<int> Recoveries { get; } = [];
    public int RecoverResult { get; init; }
    public bool Disposed { get; private set; }
    /// <summary>Runs when the source closes the device: lets a test act at a known point of a recovery.</summary>
    public Action? OnDispose { get; init; }

    public int WaitForData(int timeoutMilliseconds)
    {
        if (!_steps.TryDequeue(out _current)) throw new InvalidOperationException("the script ran out: the source read more than the test expected");
        clock.Advance(_current.Advance);
        return _current.Wait;
    }

    public long ReadFrames(Span<byte> interleaved, int frames)
    {
        var step = _current ?? throw new InvalidOperationException("read without a wait");
        if (step.Read <= 0) return step.Read;
        long delivered = Math.Min(step.Read, frames);
        for (int i = 0; i < delivered; i++) BinaryPrimitives.WriteInt16LittleEndian(interleaved[(2 * i)..], ++_counter);
        return delivered;
    }

    public int Recover(int error)
    {
        Recoveries.Add(error);
        return RecoverResult;
    }

    public void Dispose()
    {
        Disposed = true;
        OnDispose?.Invoke();
    }
}

/// <summary>Hands out prepared devices, or fails like an absent device, in order; moves the clock on each reopen.</summary>
internal sealed class ScriptedOpener(ManualClock clock, TimeSpan advancePerReopen, params Func<ICaptureDevice>[] outcomes) : ICaptureDeviceOpener
{
    private readonly Queue<Func<ICaptureDevice>> _outcomes = new(outcomes);

    public int Opens { get; private set; }

    public List<AlsaCaptureSettings> Requests { get; } = [];

    public ICaptureDevice Open(AlsaCaptureSettings settings)
    {
        if (Opens++ > 0) clock.Advance(advancePerReopen);
        Requests.Add(settings);
        if (!_outcomes.TryDequeue(out var next)) throw new InvalidOperationException("no more devices scripted");
        return next();
    }

    public static Func<ICaptureDevice> Absent(string device) =>
        () => throw new AudioDeviceException(device, -2, $"no such capture device '{device}' (No such file or directory).");
}
