using EdgeSound.Shared.Tests.Support;
using System.Buffers.Binary;
using EdgeSound.Edge.Audio;
using Xunit;

namespace EdgeSound.Edge.Tests.Audio;

public sealed class PcmStreamSourceTests
{
    private const int Frames = 1000;

    /// <summary>Hands out at most a few bytes per read, as a pipe may: frames arrive split.</summary>
    private sealed class TrickleStream(byte[] data, int bytesPerRead) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count) => base.Read(buffer, offset, Math.Min(count, bytesPerRead));
    }

    private static (byte[] Bytes, float[] Expected) Stereo(PcmSampleFormat format)
    {
        int sampleBytes = format.BytesPerSample();
        var bytes = new byte[Frames * 2 * sampleBytes];
        var expected = new float[Frames];
        for (int i = 0; i < Frames; i++)
        {
            var left = bytes.AsSpan(2 * i * sampleBytes, sampleBytes);
            var right = bytes.AsSpan((2 * i + 1) * sampleBytes, sampleBytes);
            switch (format)
            {
                case PcmSampleFormat.S16_LE:
                    short l16 = (short)(i * 61 - 30000), r16 = (short)(-i * 17);
                    BinaryPrimitives.WriteInt16LittleEndian(left, l16);
                    BinaryPrimitives.WriteInt16LittleEndian(right, r16);
                    expected[i] = (float)((l16 + r16) / 65536.0);
                    break;
                case PcmSampleFormat.S32_LE:
                    int l32 = i * 2_100_000 - 1_000_000_000, r32 = int.MaxValue - i * 77_777;
                    BinaryPrimitives.WriteInt32LittleEndian(left, l32);
                    BinaryPrimitives.WriteInt32LittleEndian(right, r32);
                    expected[i] = (float)(((double)l32 + r32) / 4294967296.0);
                    break;
                default:
                    float lf = MathF.Sin(i * 0.1f), rf = i / 2000f;
                    BinaryPrimitives.WriteSingleLittleEndian(left, lf);
                    BinaryPrimitives.WriteSingleLittleEndian(right, rf);
                    expected[i] = (float)(((double)lf + rf) / 2);
                    break;
            }
        }
        return (bytes, expected);
    }

    private static List<float> ReadAll(IAudioSource source, int chunk)
    {
        var all = new List<float>();
        var buffer = new float[chunk];
        for (int got; (got = source.Read(buffer, CancellationToken.None)) > 0;) all.AddRange(buffer.AsSpan(0, got));
        return all;
    }

    [Theory]
    [InlineData(PcmSampleFormat.S16_LE)]
    [InlineData(PcmSampleFormat.S32_LE)]
    [InlineData(PcmSampleFormat.FLOAT_LE)]
    public void Stereo_pcm_becomes_the_channel_average_then_ends(PcmSampleFormat format)
    {
        var (bytes, expected) = Stereo(format);
        using var source = new PcmStreamSource(new MemoryStream(bytes), 44100, 2, format, "test.raw");

        var samples = ReadAll(source, chunk: 333);

        Assert.Equal(expected, samples);
        Assert.Equal(0, source.Read(new float[4], CancellationToken.None));
        Assert.Equal(0, source.DroppedTrailingBytes);
        Assert.Equal(44100, source.SampleRate);
        Assert.Equal($"pcm:test.raw 44100 Hz {format} x2 -> mono", source.Description);
    }

    [Fact]
    public void A_partial_trailing_frame_is_dropped()
    {
        var (bytes, expected) = Stereo(PcmSampleFormat.S32_LE);
        var truncated = bytes[..(10 * 8 + 5)]; // 10 frames and 5 bytes of the 11th
        using var source = new PcmStreamSource(new MemoryStream(truncated), 16000, 2, PcmSampleFormat.S32_LE);

        var samples = ReadAll(source, chunk: 64);

        Assert.Equal(expected[..10], samples);
        Assert.Equal(5, source.DroppedTrailingBytes);
    }

    [Fact]
    public void Frames_split_across_stream_reads_are_joined()
    {
        var (bytes, expected) = Stereo(PcmSampleFormat.S16_LE);
        using var source = new PcmStreamSource(new TrickleStream(bytes, bytesPerRead: 3), 16000, 2, PcmSampleFormat.S16_LE);

        Assert.Equal(expected, ReadAll(source, chunk: 50));
    }

    [Fact]
    public void Reads_never_exceed_the_callers_buffer_or_the_frame_limit()
    {
        var (bytes, _) = Stereo(PcmSampleFormat.S16_LE);
        using var source = new PcmStreamSource(new MemoryStream(bytes), 16000, 2, PcmSampleFormat.S16_LE, maxFramesPerRead: 100);

        Assert.Equal(7, source.Read(new float[7], CancellationToken.None));
        Assert.Equal(100, source.Read(new float[500], CancellationToken.None));
    }

    [Fact]
    public void Steady_state_reads_allocate_nothing()
    {
        var (bytes, _) = Stereo(PcmSampleFormat.FLOAT_LE);
        using var source = new PcmStreamSource(new MemoryStream(bytes), 16000, 2, PcmSampleFormat.FLOAT_LE);
        var buffer = new float[5];
        source.Read(buffer, CancellationToken.None);

        Assert.Equal(0, Allocations.SteadyStateBytes(() =>
        {
            for (int i = 0; i < 20; i++) source.Read(buffer, CancellationToken.None);
        }));
    }

    [Fact]
    public void A_cancelled_read_throws()
    {
        using var source = new PcmStreamSource(new MemoryStream(new byte[64]), 16000, 1, PcmSampleFormat.S16_LE);

        Assert.ThrowsAny<OperationCanceledException>(() => source.Read(new float[4], new CancellationToken(canceled: true)));
    }

    [Fact]
    public void Format_names_parse_case_insensitively_and_unknown_ones_list_the_choices()
    {
        Assert.Equal(PcmSampleFormat.FLOAT_LE, PcmSampleFormats.Parse("float_le"));
        var error = Assert.Throws<ArgumentException>(() => PcmSampleFormats.Parse("S24_LE"));
        Assert.Contains("'S24_LE'", error.Message);
        Assert.Contains("S16_LE, S32_LE, FLOAT_LE", error.Message);
    }
}
