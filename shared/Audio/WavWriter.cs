using System.Buffers.Binary;
using EdgeSound.Shared.IO;

namespace EdgeSound.Shared.Audio;

/// <summary>
/// Writes interleaved float samples as a WAV file: 16-bit PCM or 32-bit IEEE float. Writes to a path
/// go to a temporary file beside the target that is renamed over it only when complete.
/// </summary>
public static class WavWriter
{
    private const int EncodeBlockBytes = 16 * 1024;
    private const int PcmHeaderBytes = 44;
    private const int FloatHeaderBytes = 58;

    /// <summary>
    /// Writes 16-bit PCM to <paramref name="path"/>: samples are clipped to [-1, 1], scaled by 32768,
    /// rounded to nearest (ties to even) and limited to 32767.
    /// </summary>
    /// <param name="path">Target file; replaced atomically if it exists.</param>
    /// <param name="samples">Interleaved samples (frame by frame) when <paramref name="channels"/> is above 1.</param>
    /// <param name="sampleRate">Frames per second.</param>
    /// <param name="channels">Channels per frame.</param>
    /// <exception cref="ArgumentException">A sample is NaN or infinite, or the shape is inconsistent.</exception>
    public static void WritePcm16(string path, ReadOnlySpan<float> samples, int sampleRate, int channels = 1)
    {
        ValidateShape(samples, sampleRate, channels, bytesPerSample: 2, PcmHeaderBytes);
        using var file = AtomicFile.Create(path);
        WritePcm16(file.Stream, samples, sampleRate, channels);
        file.Commit();
    }

    /// <summary>
    /// Writes 16-bit PCM WAV data to <paramref name="stream"/> at its current position (see the path
    /// overload for the conversion). On failure the stream may hold part of a file.
    /// </summary>
    /// <exception cref="ArgumentException">A sample is NaN or infinite, or the shape is inconsistent.</exception>
    public static void WritePcm16(Stream stream, ReadOnlySpan<float> samples, int sampleRate, int channels = 1)
    {
        ArgumentNullException.ThrowIfNull(stream);
        int dataBytes = ValidateShape(samples, sampleRate, channels, bytesPerSample: 2, PcmHeaderBytes);

        Span<byte> header = stackalloc byte[PcmHeaderBytes];
        WriteRiffAndFmt(header, riffSize: PcmHeaderBytes - 8 + dataBytes, formatTag: 1, channels, sampleRate, bitsPerSample: 16, fmtSize: 16);
        WriteChunkHeader(header[36..], "data"u8, dataBytes);
        stream.Write(header);

        Span<byte> block = stackalloc byte[EncodeBlockBytes];
        for (int start = 0; start < samples.Length; start += EncodeBlockBytes / 2)
        {
            var chunk = samples.Slice(start, Math.Min(EncodeBlockBytes / 2, samples.Length - start));
            for (int i = 0; i < chunk.Length; i++)
            {
                float value = FiniteOrThrow(chunk[i], start + i);
                int scaled = (int)MathF.Round(Math.Clamp(value, -1f, 1f) * 32768f);
                BinaryPrimitives.WriteInt16LittleEndian(block[(i * 2)..], (short)Math.Min(scaled, short.MaxValue));
            }
            stream.Write(block[..(chunk.Length * 2)]);
        }
    }

    /// <summary>Writes 32-bit IEEE float samples, unclipped, to <paramref name="path"/>.</summary>
    /// <param name="path">Target file; replaced atomically if it exists.</param>
    /// <param name="samples">Interleaved samples (frame by frame) when <paramref name="channels"/> is above 1.</param>
    /// <param name="sampleRate">Frames per second.</param>
    /// <param name="channels">Channels per frame.</param>
    /// <exception cref="ArgumentException">A sample is NaN or infinite, or the shape is inconsistent.</exception>
    public static void WriteFloat32(string path, ReadOnlySpan<float> samples, int sampleRate, int channels = 1)
    {
        ValidateShape(samples, sampleRate, channels, bytesPerSample: 4, FloatHeaderBytes);
        using var file = AtomicFile.Create(path);
        WriteFloat32(file.Stream, samples, sampleRate, channels);
        file.Commit();
    }

    /// <summary>
    /// Writes 32-bit IEEE float WAV data (with the 'fact' chunk non-PCM files carry) to
    /// <paramref name="stream"/> at its current position. On failure the stream may hold part of a file.
    /// </summary>
    /// <exception cref="ArgumentException">A sample is NaN or infinite, or the shape is inconsistent.</exception>
    public static void WriteFloat32(Stream stream, ReadOnlySpan<float> samples, int sampleRate, int channels = 1)
    {
        ArgumentNullException.ThrowIfNull(stream);
        int dataBytes = ValidateShape(samples, sampleRate, channels, bytesPerSample: 4, FloatHeaderBytes);

        Span<byte> header = stackalloc byte[FloatHeaderBytes];
        WriteRiffAndFmt(header, riffSize: FloatHeaderBytes - 8 + dataBytes, formatTag: 3, channels, sampleRate, bitsPerSample: 32, fmtSize: 18);
        BinaryPrimitives.WriteUInt16LittleEndian(header[36..], 0); // cbSize: no extension
        WriteChunkHeader(header[38..], "fact"u8, 4);
        BinaryPrimitives.WriteInt32LittleEndian(header[46..], samples.Length / channels);
        WriteChunkHeader(header[50..], "data"u8, dataBytes);
        stream.Write(header);

        Span<byte> block = stackalloc byte[EncodeBlockBytes];
        for (int start = 0; start < samples.Length; start += EncodeBlockBytes / 4)
        {
            var chunk = samples.Slice(start, Math.Min(EncodeBlockBytes / 4, samples.Length - start));
            for (int i = 0; i < chunk.Length; i++)
                BinaryPrimitives.WriteSingleLittleEndian(block[(i * 4)..], FiniteOrThrow(chunk[i], start + i));
            stream.Write(block[..(chunk.Length * 4)]);
        }
    }

    /// <summary>Checks the arguments and returns the size of the data chunk in bytes.</summary>
    private static int ValidateShape(ReadOnlySpan<float> samples, int sampleRate, int channels, int bytesPerSample, int headerBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        // The block align (channels * bytes per sample) must fit the 16-bit header field.
        ArgumentOutOfRangeException.ThrowIfGreaterThan(channels, ushort.MaxValue / bytesPerSample);
        if (samples.Length % channels != 0)
            throw new ArgumentException($"{samples.Length} samples are not a whole number of {channels}-channel frames.", nameof(samples));
        long dataBytes = (long)samples.Length * bytesPerSample;
        // Kept within int so the RIFF size and every offset fit comfortably.
        if (dataBytes > int.MaxValue - headerBytes)
            throw new ArgumentException($"{samples.Length} samples are too many for one WAV file.", nameof(samples));
        return (int)dataBytes;
    }

    private static float FiniteOrThrow(float value, int index)
    {
        if (!float.IsFinite(value))
            throw new ArgumentException($"Sample {index} is {value}; a WAV file can only hold finite samples.", "samples");
        return value;
    }

    private static void WriteRiffAndFmt(Span<byte> header, int riffSize, ushort formatTag, int channels, int sampleRate, int bitsPerSample, int fmtSize)
    {
        int blockAlign = channels * bitsPerSample / 8;
        WriteChunkHeader(header, "RIFF"u8, riffSize);
        "WAVE"u8.CopyTo(header[8..]);
        WriteChunkHeader(header[12..], "fmt "u8, fmtSize);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], formatTag);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)channels);
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)Math.Min((long)sampleRate * blockAlign, uint.MaxValue));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)blockAlign);
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], (ushort)bitsPerSample);
    }

    private static void WriteChunkHeader(Span<byte> destination, ReadOnlySpan<byte> id, int size)
    {
        id.CopyTo(destination);
        BinaryPrimitives.WriteInt32LittleEndian(destination[4..], size);
    }
}
