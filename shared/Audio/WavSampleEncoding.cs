namespace EdgeSound.Shared.Audio;

/// <summary>How the samples in a WAV data chunk are encoded, after resolving WAVE_FORMAT_EXTENSIBLE.</summary>
public enum WavSampleEncoding
{
    /// <summary>Integer PCM: 8-bit unsigned, or 16/24/32-bit signed little-endian.</summary>
    Pcm,

    /// <summary>IEEE 754 float, 32 or 64 bits, little-endian.</summary>
    IeeeFloat,
}
