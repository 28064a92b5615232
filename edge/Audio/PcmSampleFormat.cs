namespace EdgeSound.Edge.Audio;

/// <summary>The interleaved sample encodings the edge sources read (ALSA names).</summary>
public enum PcmSampleFormat
{
    /// <summary>Signed 16-bit little-endian integers.</summary>
    S16_LE,

    /// <summary>Signed 32-bit little-endian integers.</summary>
    S32_LE,

    /// <summary>IEEE 754 32-bit little-endian floats, nominally in [-1, 1].</summary>
    FLOAT_LE,
}

/// <summary>Sizes and ALSA codes of <see cref="PcmSampleFormat"/>.</summary>
public static class PcmSampleFormats
{
    /// <summary>The order in which a capture device is asked for a format when none is given.</summary>
    public static IReadOnlyList<PcmSampleFormat> Preference { get; } = [PcmSampleFormat.S16_LE, PcmSampleFormat.S32_LE, PcmSampleFormat.FLOAT_LE];

    /// <summary>Bytes in one sample of one channel.</summary>
    public static int BytesPerSample(this PcmSampleFormat format) => format switch
    {
        PcmSampleFormat.S16_LE => 2,
        PcmSampleFormat.S32_LE or PcmSampleFormat.FLOAT_LE => 4,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown sample format"),
    };

    /// <summary>Parses "S16_LE", "S32_LE" or "FLOAT_LE" (case-insensitive); the error lists the accepted names.</summary>
    public static PcmSampleFormat Parse(string name)
    {
        if (Enum.TryParse<PcmSampleFormat>(name, ignoreCase: true, out var format) && Enum.IsDefined(format)) return format;
        throw new ArgumentException($"unknown sample format '{name}': expected one of {string.Join(", ", Enum.GetNames<PcmSampleFormat>())}.", nameof(name));
    }

    internal static int AlsaCode(this PcmSampleFormat format) => format switch
    {
        PcmSampleFormat.S16_LE => AlsaInterop.FormatS16Le,
        PcmSampleFormat.S32_LE => AlsaInterop.FormatS32Le,
        PcmSampleFormat.FLOAT_LE => AlsaInterop.FormatFloatLe,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "unknown sample format"),
    };
}
