using System.Buffers;

namespace EdgeSound.Shared.Audio;

/// <summary>
/// Reads RIFF/WAVE files into mono <see cref="AudioClip"/>s: PCM 8 (unsigned), 16, 24 and 32 bits,
/// IEEE float 32 and 64 bits, plain or WAVE_FORMAT_EXTENSIBLE, any rate and channel count (channels
/// are averaged). Unknown chunks are skipped. Any input it cannot read raises
/// <see cref="WavFormatException"/> naming the file and byte offset; header sizes are checked against
/// the real length first, so a lying header never causes an allocation larger than the file.
/// </summary>
public static class WavReader
{
    // Sample data is read in blocks of about this size, so a clip costs its float array and nothing more.
    private const int ReadBlockBytes = 64 * 1024;

    /// <summary>Reads the WAV file at <paramref name="path"/> as a mono clip.</summary>
    /// <exception cref="WavFormatException">The file is not a WAV file this reader can read.</exception>
    /// <exception cref="IOException">The file cannot be opened (missing, no permission, ...).</exception>
    public static AudioClip Read(string path)
    {
        using var file = OpenFile(path);
        return ReadClip(file, path);
    }

    /// <summary>
    /// Reads WAV data from the current position of <paramref name="stream"/> as a mono clip. A stream
    /// that cannot seek is first copied into memory, since its real length must be known.
    /// </summary>
    /// <param name="stream">The input; left open.</param>
    /// <param name="sourceName">Name of the input for messages and <see cref="AudioClip.Source"/>.</param>
    /// <exception cref="WavFormatException">The data is not a WAV file this reader can read.</exception>
    public static AudioClip Read(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (stream.CanSeek) return ReadClip(stream, sourceName);
        using var buffered = CopyToMemory(stream);
        return ReadClip(buffered, sourceName);
    }

    /// <summary>Reads and validates only the header of the WAV file at <paramref name="path"/>.</summary>
    /// <exception cref="WavFormatException">The file is not a WAV file this reader can read.</exception>
    /// <exception cref="IOException">The file cannot be opened (missing, no permission, ...).</exception>
    public static WavInfo ReadInfo(string path)
    {
        using var file = OpenFile(path);
        return WavHeaderParser.Parse(file, path);
    }

    /// <summary>Reads and validates only the header of the WAV data at the current position of <paramref name="stream"/>.</summary>
    /// <exception cref="WavFormatException">The data is not a WAV file this reader can read.</exception>
    public static WavInfo ReadInfo(Stream stream, string sourceName)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(sourceName);
        if (stream.CanSeek) return WavHeaderParser.Parse(stream, sourceName);
        using var buffered = CopyToMemory(stream);
        return WavHeaderParser.Parse(buffered, sourceName);
    }

    private static FileStream OpenFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        // No FileStream buffer: the reader does its own block reads.
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, bufferSize: 0, FileOptions.SequentialScan);
    }

    private static MemoryStream CopyToMemory(Stream stream)
    {
        var memory = new MemoryStream();
        stream.CopyTo(memory);
        memory.Position = 0;
        return memory;
    }

    private static AudioClip ReadClip(Stream stream, string source)
    {
        long start = stream.Position;
        var info = WavHeaderParser.Parse(stream, source);
        if (info.FrameCount > Array.MaxLength)
            throw new WavFormatException(source, info.DataOffset - 4,
                $"the 'data' chunk holds {info.FrameCount} frames; at most {Array.MaxLength} fit in one clip");

        var samples = new float[info.FrameCount];
        stream.Position = start + info.DataOffset;
        DecodeData(stream, info, samples, source);
        return new AudioClip(samples, info.SampleRate, source);
    }

    private static void DecodeData(Stream stream, WavInfo info, float[] samples, string source)
    {
        if (samples.Length == 0) return;
        int framesPerBlock = Math.Max(1, ReadBlockBytes / info.BlockAlign);
        int blockBytes = (int)Math.Min(info.DataLength, (long)framesPerBlock * info.BlockAlign);
        byte[] buffer = ArrayPool<byte>.Shared.Rent(blockBytes);
        try
        {
            for (int done = 0; done < samples.Length;)
            {
                int frames = Math.Min(framesPerBlock, samples.Length - done);
                long offset = info.DataOffset + (long)done * info.BlockAlign;
                var bytes = buffer.AsSpan(0, frames * info.BlockAlign);
                WavStreamReading.ReadExactly(stream, bytes, source, offset);

                int bad = WavSampleDecoder.DecodeToMono(bytes, info.Encoding, info.BitsPerSample, info.Channels, samples.AsSpan(done, frames));
                if (bad >= 0)
                    throw new WavFormatException(source, offset + (long)bad * info.BlockAlign,
                        $"frame {done + bad} is NaN, infinite or beyond the float range; expected finite IEEE float samples");
                done += frames;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
