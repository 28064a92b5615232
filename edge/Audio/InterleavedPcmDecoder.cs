using EdgeSound.Shared.Audio;

namespace EdgeSound.Edge.Audio;

/// <summary>
/// Turns interleaved S16/S32/FLOAT little-endian frames from a capture device or a pipe into mono
/// floats by averaging the channels, with the shared WAV decoder (one set of sample loops for files
/// and live audio). Allocates nothing.
/// </summary>
public static class InterleavedPcmDecoder
{
    /// <summary>
    /// Decodes <paramref name="mono"/>.Length frames from <paramref name="interleaved"/>, which must hold
    /// at least that many whole frames of <paramref name="channels"/> samples in <paramref name="format"/>.
    /// </summary>
    public static void ToMono(ReadOnlySpan<byte> interleaved, PcmSampleFormat format, int channels, Span<float> mono)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        int frameBytes = format.BytesPerSample() * channels;
        if (interleaved.Length < mono.Length * frameBytes)
            throw new ArgumentException($"{mono.Length} frames of {channels} x {format} need {mono.Length * frameBytes} bytes; got {interleaved.Length}.", nameof(interleaved));
        var (encoding, bits) = format switch
        {
            PcmSampleFormat.S16_LE => (WavSampleEncoding.Pcm, 16),
            PcmSampleFormat.S32_LE => (WavSampleEncoding.Pcm, 32),
            _ => (WavSampleEncoding.IeeeFloat, 32),
        };
        WavSampleDecoder.DecodeToMono(interleaved, encoding, bits, channels, mono);
    }
}
