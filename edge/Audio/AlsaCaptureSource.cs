namespace EdgeSound.Edge.Audio;

/// <summary>
/// A microphone through ALSA: interleaved S16/S32/FLOAT frames averaged to mono floats. Survives the
/// two troubles of a long-running capture: overruns (-EPIPE: recovered, counted with an estimate of
/// the frames lost) and a device that vanishes (-ENODEV/-EIO/-ESTRPIPE: closed and reopened with
/// exponential back-off until it comes back or the read is cancelled). Reads allocate nothing.
/// </summary>
public sealed class AlsaCaptureSource : IAudioSource
{
    // How long one wait for data may block before cancellation is looked at again.
    private const int PollMilliseconds = 100;

    private readonly ICaptureDeviceOpener _opener;
    private readonly TimeProvider _time;
    private readonly Action<string>? _log;
    private readonly AlsaCaptureSettings _reopenSettings;
    private ICaptureDevice? _device;
    private byte[] _interleaved;
    private long _lastReadTimestamp;
    private bool _disposed;

    /// <summary>Opens <see cref="AlsaCaptureSettings.Device"/> now, so a wrong device fails at start-up.</summary>
    /// <param name="settings">What to open.</param>
    /// <param name="log">Receives one line per recovered overrun, lost device and reopen; null: silent.</param>
    /// <exception cref="AlsaLibraryMissingException">libasound.so.2 is not installed.</exception>
    /// <exception cref="AudioDeviceException">The device is absent (the message lists those present), busy or unsuitable.</exception>
    public AlsaCaptureSource(AlsaCaptureSettings settings, Action<string>? log = null)
        : this(settings, log, AlsaPcmDeviceOpener.Instance, TimeProvider.System)
    {
    }

    internal AlsaCaptureSource(AlsaCaptureSettings settings, Action<string>? log, ICaptureDeviceOpener opener, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _opener = opener;
        _time = time;
        _log = log;
        _device = opener.Open(settings);
        var format = _device.Format;
        // A reopened device must deliver what the pipeline was built for: pin what was negotiated.
        _reopenSettings = settings with { SampleRate = format.SampleRate, Channels = format.Channels, Format = format.Format, PeriodFrames = format.PeriodFrames };
        SampleRate = format.SampleRate;
        Description = $"alsa:{settings.Device} {format.SampleRate} Hz {format.Format} x{format.Channels} -> mono";
        _interleaved = new byte[format.BufferFrames * format.FrameBytes];
        _lastReadTimestamp = time.GetTimestamp();
    }

    /// <inheritdoc/>
    public int SampleRate { get; }

    /// <inheritdoc/>
    public string Description { get; }

    /// <inheritdoc/>
    public AudioSourceStats Stats { get; } = new();

    /// <summary>The format the device agreed to (for tests and diagnostics).</summary>
    internal CaptureFormat? DeviceFormat => _device?.Format;

    /// <inheritdoc/>
    public int Read(Span<float> buffer, CancellationToken cancellation)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (buffer.IsEmpty) throw new ArgumentException("the buffer for captured samples is empty; 0 would mean end of stream.", nameof(buffer));
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            var device = _device ?? Reopen(cancellation);
            var format = device.Format;

            int ready = device.WaitForData(PollMilliseconds);
            if (ready == 0) continue;
            // A read larger than the ring buffer fails silently in some plugins: never ask for more.
            int frames = Math.Min(buffer.Length, format.BufferFrames);
            long result = ready < 0 ? ready : device.ReadFrames(_interleaved, frames);
            if (result > 0)
            {
                int got = (int)result;
                InterleavedPcmDecoder.ToMono(_interleaved.AsSpan(0, got * format.FrameBytes), format.Format, format.Channels, buffer[..got]);
                _lastReadTimestamp = _time.GetTimestamp();
                return got;
            }
            if (result == 0 || result == -AlsaInterop.EAGAIN) continue;
            Recover((int)result, cancellation);
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        _device?.Dispose();
        _device = null;
    }

    private void Recover(int error, CancellationToken cancellation)
    {
        var device = _device!;
        if (error == -AlsaInterop.EPIPE)
        {
            // Preparing the PCM again drops what was buffered too: everything since the last read is gone.
            long lost = FramesSinceLastRead();
            Stats.CountOverrun(lost);
            _log?.Invoke($"{Description}: overrun, about {lost} frames lost (the app read too slowly); recovered.");
        }
        else if (!IsDeviceGone(error))
        {
            _log?.Invoke($"{Description}: read failed ({AlsaInterop.ErrorText(error)}); recovering.");
        }

        int recovered = IsDeviceGone(error) ? error : device.Recover(error);
        if (recovered >= 0)
        {
            _lastReadTimestamp = _time.GetTimestamp();
            return;
        }
        _log?.Invoke($"{Description}: device lost ({AlsaInterop.ErrorText(recovered)}); closing it and reopening.");
        device.Dispose();
        _device = null;
        Reopen(cancellation);
    }

    private ICaptureDevice Reopen(CancellationToken cancellation)
    {
        var delay = _reopenSettings.ReopenInitialDelay;
        for (int attempt = 1; ; attempt++)
        {
            if (cancellation.WaitHandle.WaitOne(delay)) cancellation.ThrowIfCancellationRequested();
            ICaptureDevice device;
            try
            {
                device = _opener.Open(_reopenSettings);
            }
            catch (AudioDeviceException e) when (e is not AlsaLibraryMissingException)
            {
                delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, _reopenSettings.ReopenMaxDelay.Ticks));
                _log?.Invoke($"{Description}: reopen attempt {attempt} failed: {e.Message} Retrying in {delay.TotalMilliseconds:0} ms.");
                continue;
            }

            if (device.Format.SampleRate != SampleRate)
            {
                device.Dispose();
                throw new AudioDeviceException(_reopenSettings.Device, 0,
                    $"capture device '{_reopenSettings.Device}' came back at {device.Format.SampleRate} Hz instead of {SampleRate} Hz; restart to use the new rate.");
            }
            int needed = device.Format.BufferFrames * device.Format.FrameBytes;
            if (_interleaved.Length < needed) _interleaved = new byte[needed];
            long lost = FramesSinceLastRead();
            Stats.CountReopen();
            Stats.CountLostFrames(lost);
            _log?.Invoke($"{Description}: reopened after {attempt} attempt(s); about {lost} frames lost.");
            _lastReadTimestamp = _time.GetTimestamp();
            _device = device;
            return device;
        }
    }

    private static bool IsDeviceGone(int error) =>
        error is -AlsaInterop.ENODEV or -AlsaInterop.EIO or -AlsaInterop.ESTRPIPE;

    private long FramesSinceLastRead() =>
        (long)Math.Round(_time.GetElapsedTime(_lastReadTimestamp).TotalSeconds * SampleRate);
}
