using EdgeSound.Shared.Audio;
using Xunit;

namespace EdgeSound.Shared.Tests.Audio;

public sealed class WavReaderFormatTests
{
    private static AudioClip Read(byte[] wav) => WavReader.Read(new MemoryStream(wav), "test.wav");

    [Fact]
    public void Reads_8_bit_unsigned_pcm_as_floats()
    {
        var wav = new WavBuilder().Fmt(WavBuilder.PcmTag, 1, 8000, 8).Data([0, 64, 128, 192, 255]).Build();

        Assert.Equal([-1f, -0.5f, 0f, 0.5f, 127f / 128], Read(wav).Samples);
    }

    [Fact]
    public void Reads_16_bit_pcm_as_floats()
    {
        var clip = Read(WavBuilder.Pcm16Mono(-32768, -16384, 0, 1, 32767));

        Assert.Equal([-1f, -0.5f, 0f, 1f / 32768, 32767f / 32768], clip.Samples);
    }

    [Fact]
    public void Reads_24_bit_pcm_as_floats()
    {
        int[] values = [-8388608, -1, 0, 1, 0x123456, 8388607];
        var wav = new WavBuilder().Fmt(WavBuilder.PcmTag, 1, 8000, 24).Data(SampleBytes.Int24(values)).Build();

        Assert.Equal(values.Select(v => (float)(v / 8388608.0)), Read(wav).Samples);
    }

    [Fact]
    public void Reads_32_bit_pcm_as_floats()
    {
        int[] values = [int.MinValue, -1, 0, 1 << 30, int.MaxValue];
        var wav = new WavBuilder().Fmt(WavBuilder.PcmTag, 1, 8000, 32).Data(SampleBytes.Int32(values)).Build();

        Assert.Equal([-1f, (float)(-1 / 2147483648.0), 0f, 0.5f, (float)(int.MaxValue / 2147483648.0)], Read(wav).Samples);
    }

    [Fact]
    public void Reads_32_bit_float_unchanged_even_beyond_full_scale()
    {
        float[] values = [-1f, 0.25f, 1.5f, -0f, 1e-30f, 0.1f];
        var wav = new WavBuilder().Fmt(WavBuilder.FloatTag, 1, 8000, 32).Data(SampleBytes.Float32(values)).Build();

        Assert.Equal(values, Read(wav).Samples);
    }

    [Fact]
    public void Reads_64_bit_float_rounded_to_single_precision()
    {
        double[] values = [0.1, -0.75, 1.0 / 3, -1e-300];
        var wav = new WavBuilder().Fmt(WavBuilder.FloatTag, 1, 8000, 64).Data(SampleBytes.Float64(values)).Build();

        Assert.Equal(values.Select(v => (float)v), Read(wav).Samples);
    }

    [Fact]
    public void Reads_extensible_pcm_with_fewer_valid_bits_than_its_container()
    {
        // 20 valid bits left-justified in 24-bit containers read as ordinary 24-bit samples.
        int[] values = [0x7FFFF0, -0x800000, 0x000010];
        var wav = new WavBuilder().FmtExtensible(1, 96000, 24, WavBuilder.PcmTag, validBits: 20).Data(SampleBytes.Int24(values)).Build();

        var clip = Read(wav);

        Assert.Equal(values.Select(v => (float)(v / 8388608.0)), clip.Samples);
        Assert.Equal(96000, clip.SampleRate);
    }

    [Fact]
    public void Reads_extensible_float_like_plain_float()
    {
        float[] values = [0.5f, -0.125f, 0.75f];
        var wav = new WavBuilder().FmtExtensible(1, 8000, 32, WavBuilder.FloatTag).Data(SampleBytes.Float32(values)).Build();

        Assert.Equal(values, Read(wav).Samples);
        Assert.Equal(WavSampleEncoding.IeeeFloat, WavReader.ReadInfo(new MemoryStream(wav), "x").Encoding);
    }

    [Fact]
    public void Averages_stereo_frames_into_mono()
    {
        var wav = new WavBuilder().Fmt(WavBuilder.PcmTag, 2, 8000, 16)
            .Data(SampleBytes.Int16(1000, 3000, -32768, 32767, 5, -5, -32768, -32768)).Build();

        Assert.Equal([2000f / 32768, -1f / 65536, 0f, -1f], Read(wav).Samples);
    }

    [Fact]
    public void Averages_six_channel_frames_into_mono()
    {
        float[] interleaved = [0.1f, 0.2f, 0.3f, -0.4f, 0.5f, 0.6f, 1f, 1f, 1f, 1f, 1f, -1f];
        var wav = new WavBuilder().FmtExtensible(6, 48000, 32, WavBuilder.FloatTag).Data(SampleBytes.Float32(interleaved)).Build();

        var clip = Read(wav);

        Assert.Equal(2, clip.Samples.Length);
        Assert.Equal((0.1 + 0.2 + 0.3 - 0.4 + 0.5 + 0.6) / 6, clip.Samples[0], 1e-7);
        Assert.Equal(4.0 / 6, clip.Samples[1], 1e-7);
    }

    [Fact]
    public void Averages_six_channels_of_24_bit_pcm_into_mono()
    {
        int[] interleaved = [600, 0, 0, 0, 0, 0, -8388608, -8388608, -8388608, -8388608, -8388608, -8388608];
        var wav = new WavBuilder().Fmt(WavBuilder.PcmTag, 6, 8000, 24).Data(SampleBytes.Int24(interleaved)).Build();

        var clip = Read(wav);

        Assert.Equal(100.0 / 8388608, clip.Samples[0], 1e-12);
        Assert.Equal(-1f, clip.Samples[1]);
    }

    [Fact]
    public void Skips_unknown_chunks_before_and_after_fmt_and_after_data()
    {
        var wav = new WavBuilder()
            .Chunk("LIST", "INFOISFT\u0004\0\0\0test"u8.ToArray())
            .Fmt(WavBuilder.PcmTag, 1, 8000, 16)
            .Chunk("fact", SampleBytes.Int32(3))
            .Chunk("cue ", new byte[28])
            .Data(SampleBytes.Int16(100, -200, 300))
            .Chunk("smpl", new byte[36])
            .Build();

        Assert.Equal([100f / 32768, -200f / 32768, 300f / 32768], Read(wav).Samples);
    }

    [Fact]
    public void Honours_the_pad_byte_after_odd_sized_chunks()
    {
        // A 3-byte chunk before fmt and a 3-byte 8-bit data chunk, each followed by a pad byte:
        // reading the next chunk header one byte early would find garbage instead of 'fmt ' / 'LIST'.
        var wav = new WavBuilder()
            .Chunk("junk", [1, 2, 3])
            .Fmt(WavBuilder.PcmTag, 1, 8000, 8)
            .Data([0, 128, 255])
            .Chunk("LIST", new byte[4])
            .Build();
        // RIFF header 12 + junk 8+3+pad + fmt 8+16 + data header 8.
        Assert.Equal(56, WavReader.ReadInfo(new MemoryStream(wav), "x").DataOffset);

        Assert.Equal([-1f, 0f, 127f / 128], Read(wav).Samples);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(8000)]
    [InlineData(22050)]
    [InlineData(192000)]
    [InlineData(768000)]
    public void Reads_any_sample_rate(int sampleRate)
    {
        var wav = new WavBuilder().Fmt(WavBuilder.PcmTag, 1, sampleRate, 16).Data(new byte[2 * 10]).Build();

        var clip = Read(wav);

        Assert.Equal(sampleRate, clip.SampleRate);
        Assert.Equal(10.0 / sampleRate, clip.DurationSeconds);
    }

    [Fact]
    public void ReadInfo_reports_the_header_fields()
    {
        var wav = new WavBuilder()
            .Chunk("LIST", new byte[10])
            .FmtExtensible(2, 44100, 24, WavBuilder.PcmTag)
            .Data(new byte[6 * 7])
            .Build();

        var info = WavReader.ReadInfo(new MemoryStream(wav), "x");

        Assert.Equal(new WavInfo(0xFFFE, WavSampleEncoding.Pcm, 2, 44100, 24, 6, 7, 12 + 18 + 48 + 8), info);
        Assert.Equal(42, info.DataLength);
        Assert.Equal(7 / 44100.0, info.DurationSeconds);
    }

    [Fact]
    public void Reads_an_empty_data_chunk_as_an_empty_clip()
    {
        var clip = Read(WavBuilder.Pcm16Mono());

        Assert.Empty(clip.Samples);
        Assert.Equal(0, clip.DurationSeconds);
    }

    [Fact]
    public void Reads_from_the_current_position_of_a_stream_and_counts_offsets_from_there()
    {
        var wav = WavBuilder.Pcm16Mono(1, 2);
        var stream = new MemoryStream([.. "junk!"u8.ToArray(), .. wav]) { Position = 5 };

        Assert.Equal([1f / 32768, 2f / 32768], WavReader.Read(stream, "s").Samples);
        Assert.Equal(44, WavReader.ReadInfo(new MemoryStream([.. "junk!"u8.ToArray(), .. wav]) { Position = 5 }, "s").DataOffset);
    }

    [Fact]
    public void Reads_a_stream_that_cannot_seek()
    {
        var clip = WavReader.Read(new ForwardOnlyStream(WavBuilder.Pcm16Mono(16384, -16384)), "pipe");

        Assert.Equal([0.5f, -0.5f], clip.Samples);
        Assert.Equal("pipe", clip.Source);
    }

    [Fact]
    public void Reads_a_file_and_names_it_as_the_source()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgesound-{Guid.NewGuid():N}.wav");
        try
        {
            File.WriteAllBytes(path, WavBuilder.Pcm16Mono(8192, 0, -8192));

            var clip = WavReader.Read(path);

            Assert.Equal([0.25f, 0f, -0.25f], clip.Samples);
            Assert.Equal(path, clip.Source);
            Assert.Equal(3, WavReader.ReadInfo(path).FrameCount);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A read-only stream without Seek or Length, like a pipe.</summary>
    private sealed class ForwardOnlyStream(byte[] bytes) : Stream
    {
        private readonly MemoryStream _inner = new(bytes);
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => _inner.Read(buffer, offset, Math.Min(count, 3));
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
