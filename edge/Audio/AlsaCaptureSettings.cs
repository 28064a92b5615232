namespace EdgeSound.Edge.Audio;

/// <summary>What to open for <see cref="AlsaCaptureSource"/>; every null means "whatever the device prefers".</summary>
public sealed record AlsaCaptureSettings
{
    /// <summary>The rate asked for when <see cref="SampleRate"/> is null; the device may answer with its nearest.</summary>
    public const int PreferredSampleRate = 48000;

    /// <summary>ALSA PCM name: "default", "hw:1,0", "plughw:CARD=Device,DEV=0", or a PCM of <see cref="ConfigText"/>.</summary>
    public string Device { get; init; } = "default";

    /// <summary>Rate to ask for (the device answers with its nearest); null asks near <see cref="PreferredSampleRate"/>.</summary>
    public int? SampleRate { get; init; }

    /// <summary>Channels to capture (averaged to mono); null takes the device's minimum, typically 1 or 2.</summary>
    public int? Channels { get; init; }

    /// <summary>Sample format; null takes the first of S16_LE, S32_LE, FLOAT_LE the device accepts.</summary>
    public PcmSampleFormat? Format { get; init; }

    /// <summary>Frames per period (the device's wake-up granularity); the device answers with its nearest.</summary>
    public int PeriodFrames { get; init; } = 1024;

    /// <summary>Periods in the ring buffer: how long the app may stall before an overrun.</summary>
    public int PeriodsPerBuffer { get; init; } = 4;

    /// <summary>
    /// Optional alsa.conf text opened with <c>snd_pcm_open_lconf</c> instead of the system configuration
    /// (tests with the <c>file</c> plugin, custom setups). It must define <see cref="Device"/> and its slaves.
    /// </summary>
    public string? ConfigText { get; init; }

    /// <summary>First wait before reopening a device that vanished; doubled after each failed attempt.</summary>
    public TimeSpan ReopenInitialDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest wait between reopen attempts.</summary>
    public TimeSpan ReopenMaxDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Throws <see cref="ArgumentException"/> naming the first setting that cannot work.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Device)) throw new ArgumentException("ALSA device name is empty: use e.g. 'default' or 'hw:1,0' (see 'edgesound devices').");
        if (SampleRate is <= 0) throw new ArgumentException($"sample rate {SampleRate} Hz for '{Device}' must be positive.");
        if (Channels is <= 0) throw new ArgumentException($"channel count {Channels} for '{Device}' must be positive.");
        if (PeriodFrames <= 0) throw new ArgumentException($"period of {PeriodFrames} frames for '{Device}' must be positive.");
        if (PeriodsPerBuffer < 2) throw new ArgumentException($"{PeriodsPerBuffer} periods per buffer for '{Device}': need at least 2.");
        if (ReopenInitialDelay <= TimeSpan.Zero || ReopenMaxDelay < ReopenInitialDelay)
            throw new ArgumentException($"reopen delays {ReopenInitialDelay} .. {ReopenMaxDelay} for '{Device}': need 0 < initial <= max.");
    }
}
