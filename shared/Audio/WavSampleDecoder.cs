using System.Buffers.Binary;

namespace EdgeSound.Shared.Audio;

/// <summary>
/// Turns interleaved little-endian frames into mono floats, averaging the channels. One generic loop
/// per sample format: the format is a struct type argument, so the JIT specialises each loop and no
/// sample goes through a virtual call.
/// </summary>
public static class WavSampleDecoder
{
    /// <summary>
    /// Decodes <paramref name="mono"/>.Length whole frames from <paramref name="frames"/>.
    /// Returns the index of the first frame whose value is not a finite float (only possible for
    /// IEEE float input), or -1 when every frame is finite.
    /// </summary>
    public static int DecodeToMono(ReadOnlySpan<byte> frames, WavSampleEncoding encoding, int bitsPerSample, int channels, Span<float> mono)
    {
        return (encoding, bitsPerSample) switch
        {
            (WavSampleEncoding.Pcm, 8) => Decode<UnsignedByte>(frames, channels, mono),
            (WavSampleEncoding.Pcm, 16) => Decode<Signed16>(frames, channels, mono),
            (WavSampleEncoding.Pcm, 24) => Decode<Signed24>(frames, channels, mono),
            (WavSampleEncoding.Pcm, 32) => Decode<Signed32>(frames, channels, mono),
            (WavSampleEncoding.IeeeFloat, 32) => Decode<Float32>(frames, channels, mono),
            (WavSampleEncoding.IeeeFloat, 64) => Decode<Float64>(frames, channels, mono),
            _ => throw new ArgumentException($"{bitsPerSample}-bit {encoding} samples cannot be decoded.", nameof(bitsPerSample)),
        };
    }

    private static int Decode<TFormat>(ReadOnlySpan<byte> frames, int channels, Span<float> mono)
        where TFormat : struct, ISampleFormat
    {
        int size = TFormat.Bytes;
        if (frames.Length < (long)mono.Length * channels * size)
            throw new ArgumentException("Fewer bytes than the requested frames need.", nameof(frames));

        // Sum the raw channel values and scale once: exact for PCM and cheaper than scaling each sample.
        double scale = TFormat.Scale / channels;
        int position = 0;
        if (channels == 1)
        {
            for (int i = 0; i < mono.Length; i++, position += size)
                mono[i] = (float)(TFormat.Read(frames.Slice(position, size)) * scale);
        }
        else
        {
            for (int i = 0; i < mono.Length; i++)
            {
                double sum = 0;
                for (int c = 0; c < channels; c++, position += size)
                    sum += TFormat.Read(frames.Slice(position, size));
                mono[i] = (float)(sum * scale);
            }
        }
        return TFormat.CanBeNonFinite ? FirstNonFinite(mono) : -1;
    }

    private static int FirstNonFinite(ReadOnlySpan<float> values)
    {
        for (int i = 0; i < values.Length; i++)
        {
            if (!float.IsFinite(values[i])) return i;
        }
        return -1;
    }

    /// <summary>One sample encoding: its size, how to read one raw value, and the scale to [-1, 1].</summary>
    private interface ISampleFormat
    {
        static abstract int Bytes { get; }
        static abstract double Scale { get; }
        static abstract bool CanBeNonFinite { get; }
        static abstract double Read(ReadOnlySpan<byte> sample);
    }

    private readonly struct UnsignedByte : ISampleFormat
    {
        public static int Bytes => 1;
        public static double Scale => 1.0 / 128;
        public static bool CanBeNonFinite => false;
        public static double Read(ReadOnlySpan<byte> sample) => sample[0] - 128;
    }

    private readonly struct Signed16 : ISampleFormat
    {
        public static int Bytes => 2;
        public static double Scale => 1.0 / 32768;
        public static bool CanBeNonFinite => false;
        public static double Read(ReadOnlySpan<byte> sample) => BinaryPrimitives.ReadInt16LittleEndian(sample);
    }

    private readonly struct Signed24 : ISampleFormat
    {
        public static int Bytes => 3;
        public static double Scale => 1.0 / 8388608;
        public static bool CanBeNonFinite => false;

        // Place the three bytes in the top of an int, then shift back down to sign-extend.
        public static double Read(ReadOnlySpan<byte> sample) => (sample[0] << 8 | sample[1] << 16 | sample[2] << 24) >> 8;
    }

    private readonly struct Signed32 : ISampleFormat
    {
        public static int Bytes => 4;
        public static double Scale => 1.0 / 2147483648;
        public static bool CanBeNonFinite => false;
        public static double Read(ReadOnlySpan<byte> sample) => BinaryPrimitives.ReadInt32LittleEndian(sample);
    }

    private readonly struct Float32 : ISampleFormat
    {
        public static int Bytes => 4;
        public static double Scale => 1.0;
        public static bool CanBeNonFinite => true;
        public static double Read(ReadOnlySpan<byte> sample) => BinaryPrimitives.ReadSingleLittleEndian(sample);
    }

    private readonly struct Float64 : ISampleFormat
    {
        public static int Bytes => 8;
        public static double Scale => 1.0;
        public static bool CanBeNonFinite => true;
        public static double Read(ReadOnlySpan<byte> sample) => BinaryPrimitives.ReadDoubleLittleEndian(sample);
    }
}
