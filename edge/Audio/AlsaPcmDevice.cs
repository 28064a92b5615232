namespace EdgeSound.Edge.Audio;

/// <summary>
/// A real ALSA capture PCM, opened non-blocking (so a wait can time out and cancellation is seen) with
/// interleaved read/write access and the format, channels, rate and period negotiated from
/// <see cref="AlsaCaptureSettings"/>.
/// </summary>
internal sealed unsafe class AlsaPcmDevice : ICaptureDevice
{
    private readonly string _device;
    private AlsaLocalConfig? _localConfig; // kept until close: the PCM was built from it
    private nint _pcm;

    private AlsaPcmDevice(string device, nint pcm, AlsaLocalConfig? localConfig)
    {
        _device = device;
        _pcm = pcm;
        _localConfig = localConfig;
        Format = null!; // set by Open before anyone sees the object
    }

    public CaptureFormat Format { get; private set; }

    /// <summary>Opens and configures <see cref="AlsaCaptureSettings.Device"/>, then starts capture.</summary>
    /// <exception cref="AlsaLibraryMissingException">libasound.so.2 is not installed.</exception>
    /// <exception cref="AudioDeviceException">The device is absent, busy or cannot capture as asked.</exception>
    public static AlsaPcmDevice Open(AlsaCaptureSettings settings)
    {
        settings.Validate();
        AlsaInterop.ThrowIfMissing();
        string device = settings.Device;
        var localConfig = settings.ConfigText is null ? null : AlsaLocalConfig.Load(settings.ConfigText, device);
        int opened = localConfig is null
            ? AlsaInterop.snd_pcm_open(out var pcm, device, AlsaInterop.StreamCapture, AlsaInterop.OpenNonBlocking)
            : AlsaInterop.snd_pcm_open_lconf(out pcm, device, AlsaInterop.StreamCapture, AlsaInterop.OpenNonBlocking, localConfig.Handle);
        if (opened < 0)
        {
            var message = OpenFailureMessage(device, opened, localConfig);
            localConfig?.Dispose();
            throw new AudioDeviceException(device, opened, message);
        }

        var result = new AlsaPcmDevice(device, pcm, localConfig);
        try
        {
            result.Format = result.Configure(settings);
            result.Check(AlsaInterop.snd_pcm_start(pcm), "start capture");
            return result;
        }
        catch
        {
            result.Dispose();
            throw;
        }
    }

    public int WaitForData(int timeoutMilliseconds) => AlsaInterop.snd_pcm_wait(Pcm, timeoutMilliseconds);

    public long ReadFrames(Span<byte> interleaved, int frames)
    {
        if ((long)frames * Format.FrameBytes > interleaved.Length || frames > Format.BufferFrames)
            throw new ArgumentOutOfRangeException(nameof(frames), frames, $"more frames than the buffer ({interleaved.Length} bytes) or the ring ({Format.BufferFrames} frames) holds");
        fixed (byte* start = interleaved)
            return AlsaInterop.snd_pcm_readi(Pcm, start, (nuint)frames);
    }

    public int Recover(int error)
    {
        int recovered = AlsaInterop.snd_pcm_recover(Pcm, error, silent: 1);
        return recovered < 0 ? recovered : Math.Min(0, AlsaInterop.snd_pcm_start(Pcm));
    }

    public void Dispose()
    {
        if (_pcm != 0)
        {
            AlsaInterop.snd_pcm_close(_pcm);
            _pcm = 0;
        }
        _localConfig?.Dispose();
        _localConfig = null;
    }

    private nint Pcm => _pcm != 0 ? _pcm : throw new ObjectDisposedException($"ALSA capture device '{_device}'");

    private CaptureFormat Configure(AlsaCaptureSettings settings)
    {
        Check(AlsaInterop.snd_pcm_hw_params_malloc(out var hw), "allocate hardware parameters");
        try
        {
            Check(AlsaInterop.snd_pcm_hw_params_any(_pcm, hw), "read its hardware parameters");
            Check(AlsaInterop.snd_pcm_hw_params_set_access(_pcm, hw, AlsaInterop.AccessRwInterleaved), "use interleaved read access");

            var format = ChooseFormat(hw, settings.Format);
            Check(AlsaInterop.snd_pcm_hw_params_set_format(_pcm, hw, format.AlsaCode()), $"capture {format}");

            uint channels;
            if (settings.Channels is { } wanted) channels = (uint)wanted;
            else Check(AlsaInterop.snd_pcm_hw_params_get_channels_min(hw, out channels), "report its channel counts");
            Check(AlsaInterop.snd_pcm_hw_params_set_channels(_pcm, hw, channels), $"capture {channels} channel(s)");

            uint rate = (uint)(settings.SampleRate ?? AlsaCaptureSettings.PreferredSampleRate);
            int direction = 0;
            Check(AlsaInterop.snd_pcm_hw_params_set_rate_near(_pcm, hw, ref rate, ref direction), $"capture near {rate} Hz");

            nuint period = (nuint)settings.PeriodFrames;
            direction = 0;
            Check(AlsaInterop.snd_pcm_hw_params_set_period_size_near(_pcm, hw, ref period, ref direction), $"use periods near {settings.PeriodFrames} frames");
            nuint buffer = period * (nuint)settings.PeriodsPerBuffer;
            Check(AlsaInterop.snd_pcm_hw_params_set_buffer_size_near(_pcm, hw, ref buffer), $"use a buffer near {buffer} frames");

            Check(AlsaInterop.snd_pcm_hw_params(_pcm, hw), "apply the hardware parameters");
            Check(AlsaInterop.snd_pcm_hw_params_get_period_size(hw, out period, out _), "report its period size");
            Check(AlsaInterop.snd_pcm_hw_params_get_buffer_size(hw, out buffer), "report its buffer size");
            return new CaptureFormat((int)rate, (int)channels, format, (int)period, (int)buffer);
        }
        finally
        {
            AlsaInterop.snd_pcm_hw_params_free(hw);
        }
    }

    private PcmSampleFormat ChooseFormat(nint hw, PcmSampleFormat? wanted)
    {
        if (wanted is { } format) return format;
        foreach (var candidate in PcmSampleFormats.Preference)
            if (AlsaInterop.snd_pcm_hw_params_test_format(_pcm, hw, candidate.AlsaCode()) == 0) return candidate;
        throw new AudioDeviceException(_device, 0,
            $"capture device '{_device}' offers none of {string.Join(", ", PcmSampleFormats.Preference)}; try 'plughw:...' so ALSA converts.");
    }

    private void Check(int result, string what)
    {
        if (result < 0)
            throw new AudioDeviceException(_device, result, $"capture device '{_device}' cannot {what} ({AlsaInterop.ErrorText(result)}).");
    }

    private static string OpenFailureMessage(string device, int error, AlsaLocalConfig? localConfig)
    {
        string reason = AlsaInterop.ErrorText(error);
        string problem = -error switch
        {
            AlsaInterop.ENOENT or AlsaInterop.ENODEV => $"no such capture device '{device}' ({reason})",
            AlsaInterop.EBUSY => $"capture device '{device}' is busy ({reason}): another program is recording from it; stop it, or share the card through 'default'/dsnoop",
            _ => $"cannot open capture device '{device}' ({reason})",
        };
        return $"{problem}. {AlsaDeviceCatalog.DescribeCaptureDevices(KnownDevices(localConfig))}";
    }

    // With a local configuration only its own PCMs can be opened; otherwise ask the hint API.
    private static IReadOnlyList<string> KnownDevices(AlsaLocalConfig? localConfig) =>
        localConfig is not null ? localConfig.PcmNames() : AlsaDeviceCatalog.CaptureDevices().Select(d => d.Name).ToList();
}

/// <summary>The production <see cref="ICaptureDeviceOpener"/>: real ALSA devices.</summary>
internal sealed class AlsaPcmDeviceOpener : ICaptureDeviceOpener
{
    public static AlsaPcmDeviceOpener Instance { get; } = new();

    public ICaptureDevice Open(AlsaCaptureSettings settings) => AlsaPcmDevice.Open(settings);
}
