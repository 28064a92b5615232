using System.Buffers.Binary;

namespace EdgeSound.Edge.Audio;

/// <summary>
/// Turns interleaved S16/S32/FLOAT little-endian frames into mono floats by averaging the channels.
/// Written here because the shared WAV decoder is internal to the shared library and works on WAV
/// encodings; this one is the hot path of live capture and allocates nothing.
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
        switch (format)
        {
            case PcmSampleFormat.S16_LE: DecodeS16(interleaved, channels, mono); break;
            case PcmSampleFormat.S32_LE: DecodeS32(interleaved, channels, mono); break;
            default: DecodeFloat(interleaved, channels, mono); break;
        }
    }

    // Sums are in double so S32 values keep their precision until the average is rounded to float.
    private static void DecodeS16(ReadOnlySpan<byte> bytes, int channels, Span<float> mono)
    {
        double scale = 1.0 / (32768.0 * channels);
        for (int frame = 0, offset = 0; frame < mono.Length; frame++)
        {
            double sum = 0;
            for (int channel = 0; channel < channels; channel++, offset += 2)
                sum += BinaryPrimitives.ReadInt16LittleEndian(bytes[offset..]);
            mono[frame] = (float)(sum * scale);
        }
    }

    private static void DecodeS32(ReadOnlySpan<byte> bytes, int channels, Span<float> mono)
    {
        double scale = 1.0 / (2147483648.0 * channels);
        for (int frame = 0, offset = 0; frame < mono.Length; frame++)
        {
            double sum = 0;
            for (int channel = 0; channel < channels; channel++, offset += 4)
                sum += BinaryPrimitives.ReadInt32LittleEndian(bytes[offset..]);
            mono[frame] = (float)(sum * scale);
        }
    }

    private static void DecodeFloat(ReadOnlySpan<byte> bytes, int channels, Span<float> mono)
    {
        double scale = 1.0 / channels;
        for (int frame = 0, offset = 0; frame < mono.Length; frame++)
        {
            double sum = 0;
            for (int channel = 0; channel < channels; channel++, offset += 4)
                sum += BinaryPrimitives.ReadSingleLittleEndian(bytes[offset..]);
            mono[frame] = (float)(sum * scale);
        }
    }
}
