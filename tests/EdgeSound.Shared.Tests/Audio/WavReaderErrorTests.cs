using System.Buffers.Binary;
using EdgeSound.Shared.Audio;
using Xunit;

namespace EdgeSound.Shared.Tests.Audio;

/// <summary>
/// Every kind of bad input raises <see cref="WavFormatException"/> with the byte offset of the
/// problem. Offsets refer to the common layout: fmt chunk at 12 (fields from 20), data chunk at 36.
/// </summary>
public sealed class WavReaderErrorTests
{
    private static WavFormatException Fails(byte[] wav, long expectedOffset, string expectedText)
    {
        var error = Assert.Throws<WavFormatException>(() => WavReader.Read(new MemoryStream(wav), "bad.wav"));
        Assert.Equal("bad.wav", error.FilePath);
        Assert.Equal(expectedOffset, error.ByteOffset);
        Assert.StartsWith($"bad.wav: at byte {expectedOffset}: ", error.Message);
        Assert.Contains(expectedText, error.Message);
        return error;
    }

    private static byte[] With(byte[] wav, int offset, uint value, int width = 4)
    {
        var copy = (byte[])wav.Clone();
        if (width == 2) BinaryPrimitives.WriteUInt16LittleEndian(copy.AsSpan(offset), (ushort)value);
        else BinaryPrimitives.WriteUInt32LittleEndian(copy.AsSpan(offset), value);
        return copy;
    }

    private static readonly byte[] Valid = WavBuilder.Pcm16Mono(1, 2, 3, 4);

    [Fact]
    public void Rejects_an_empty_input() => Fails([], 0, "only 0 bytes long");

    [Fact]
    public void Rejects_input_that_is_not_riff() => Fails("OggS\0\u0002\0\0\0\0\0\0\0\0"u8.ToArray(), 0, "found 'OggS'; expected 'RIFF'");

    [Fact]
    public void Rejects_big_endian_rifx_and_64_bit_rf64_by_name()
    {
        Fails([.. "RIFX"u8.ToArray(), .. Valid[4..]], 0, "RIFX");
        Fails([.. "RF64"u8.ToArray(), .. Valid[4..]], 0, "64-bit 'RF64'");
    }

    [Fact]
    public void Rejects_a_riff_file_that_is_not_wave() => Fails([.. Valid[..8], .. "AVI "u8.ToArray(), .. Valid[12..]], 8, "'AVI '; expected 'WAVE'");

    [Fact]
    public void Rejects_input_shorter_than_the_riff_header() => Fails(Valid[..7], 7, "only 7 bytes long");

    [Fact]
    public void Rejects_a_truncated_file_at_the_riff_size() => Fails(Valid[..46], 4, "says the file is 52 bytes long, but it has only 46 bytes");

    [Fact]
    public void Rejects_a_riff_size_too_small_for_the_form_type() => Fails(With(Valid, 4, 3), 4, "expected at least 4");

    [Fact]
    public void Rejects_a_chunk_size_beyond_the_end_of_the_file() =>
        Fails(With(Valid, 40, 0x7FFFFFFF), 40, "chunk 'data' declares 2147483647 bytes, but only 8 bytes remain");

    [Fact]
    public void Rejects_a_chunk_header_cut_short()
    {
        var wav = new WavBuilder().Fmt(WavBuilder.PcmTag, 1, 8000, 16).Build();
        Fails(With([.. wav, (byte)'d', (byte)'a', (byte)'t', (byte)'a'], 4, 32), 36, "only 4 bytes remain in the RIFF container; expected an 8-byte chunk header");
    }

    [Fact]
    public void Rejects_a_fmt_chunk_shorter_than_16_bytes()
    {
        var wav = new WavBuilder().Chunk("fmt ", new byte[14]).Data(new byte[2]).Build();
        Fails(wav, 16, "the 'fmt ' chunk is 14 bytes; expected at least 16");
    }

    [Fact]
    public void Rejects_zero_channels() => Fails(With(Valid, 22, 0, width: 2), 22, "channel count is 0");

    [Fact]
    public void Rejects_a_zero_sample_rate() => Fails(With(Valid, 24, 0), 24, "sample rate is 0 Hz");

    [Fact]
    public void Rejects_a_sample_rate_beyond_int_range() => Fails(With(Valid, 24, 0x80000000), 24, "sample rate is 2147483648 Hz");

    [Fact]
    public void Rejects_a_block_align_that_disagrees_with_channels_and_bits()
    {
        var wav = new WavBuilder().Fmt(WavBuilder.PcmTag, 2, 8000, 16, blockAlign: 2).Data(new byte[8]).Build();
        Fails(wav, 32, "the block align is 2, but 2 channel(s) of 16 bits need 4 bytes per frame");
    }

    [Theory]
    [InlineData(WavBuilder.PcmTag, 12, "expected 8, 16, 24 or 32 for PCM")]
    [InlineData(WavBuilder.PcmTag, 0, "expected 8, 16, 24 or 32 for PCM")]
    [InlineData(WavBuilder.FloatTag, 16, "expected 32 or 64 for IEEE float")]
    public void Rejects_unsupported_bits_per_sample(ushort tag, int bits, string expected)
    {
        var wav = new WavBuilder().Fmt(tag, 1, 8000, bits, blockAlign: 2).Data(new byte[4]).Build();
        Fails(wav, 34, $"{bits} bits per sample is not supported; {expected}");
    }

    [Fact]
    public void Rejects_compressed_formats_naming_them() =>
        Fails(With(Valid, 20, 2, width: 2), 20, "format tag 0x0002 (MS ADPCM) is not supported");

    [Fact]
    public void Rejects_an_extensible_fmt_chunk_without_its_extension()
    {
        var wav = new WavBuilder().Fmt(WavBuilder.ExtensibleTag, 1, 8000, 16).Data(new byte[2]).Build();
        Fails(wav, 16, "expected at least 40");
    }

    [Fact]
    public void Rejects_an_extensible_sub_format_that_is_neither_pcm_nor_float()
    {
        var wav = new WavBuilder().FmtExtensible(1, 8000, 16, subFormatTag: 0x0055).Data(new byte[2]).Build();
        Fails(wav, 44, "sub-format is 00000055-0000-0010-8000-00aa00389b71");
    }

    [Fact]
    public void Rejects_more_valid_bits_than_the_container_holds()
    {
        var wav = new WavBuilder().FmtExtensible(1, 8000, 16, WavBuilder.PcmTag, validBits: 24).Data(new byte[2]).Build();
        Fails(wav, 38, "24 valid bits per sample do not fit in a 16-bit container");
    }

    [Fact]
    public void Rejects_a_data_chunk_before_the_fmt_chunk()
    {
        var wav = new WavBuilder().Data(new byte[2]).Fmt(WavBuilder.PcmTag, 1, 8000, 16).Build();
        Fails(wav, 12, "the 'data' chunk comes before the 'fmt ' chunk");
    }

    [Fact]
    public void Rejects_a_file_without_a_data_chunk()
    {
        var wav = new WavBuilder().Fmt(WavBuilder.PcmTag, 1, 8000, 16).Chunk("LIST", new byte[4]).Build();
        Fails(wav, 48, "ended with no 'data' chunk");
    }

    [Fact]
    public void Rejects_a_second_fmt_chunk()
    {
        var wav = new WavBuilder().Fmt(WavBuilder.PcmTag, 1, 8000, 16).Fmt(WavBuilder.PcmTag, 2, 8000, 16).Data(new byte[4]).Build();
        Fails(wav, 36, "a second 'fmt ' chunk");
    }

    [Fact]
    public void Rejects_a_data_chunk_that_is_not_whole_frames()
    {
        var wav = new WavBuilder().Fmt(WavBuilder.PcmTag, 2, 8000, 16).Data(new byte[6]).Build();
        Fails(wav, 40, "holds 6 bytes, which is not a whole number of 4-byte frames");
    }

    [Fact]
    public void Rejects_a_nan_float_sample_at_its_offset()
    {
        var wav = new WavBuilder().Fmt(WavBuilder.FloatTag, 1, 8000, 32).Data(SampleBytes.Float32(0f, 0.5f, float.NaN)).Build();
        Fails(wav, 44 + 8, "frame 2 is NaN, infinite or beyond the float range");
    }

    [Fact]
    public void Rejects_doubles_that_do_not_fit_a_float()
    {
        var infinite = new WavBuilder().Fmt(WavBuilder.FloatTag, 1, 8000, 64).Data(SampleBytes.Float64(double.NegativeInfinity)).Build();
        var tooLarge = new WavBuilder().Fmt(WavBuilder.FloatTag, 2, 8000, 64).Data(SampleBytes.Float64(0, 0, 1e300, 1e300)).Build();

        Fails(infinite, 44, "frame 0 is NaN, infinite or beyond the float range");
        Fails(tooLarge, 44 + 16, "frame 1 is NaN, infinite or beyond the float range");
    }

    [Fact]
    public void Rejects_a_stream_that_ends_before_its_reported_length()
    {
        var wav = WavBuilder.Pcm16Mono(new short[100]);
        var error = Assert.Throws<WavFormatException>(() => WavReader.Read(new LyingLengthStream(wav[..144], 244), "short.wav"));

        Assert.Equal(144, error.ByteOffset);
        Assert.Contains("the input ended early; expected 100 more bytes", error.Message);
    }

    [Theory]
    [InlineData(0xFFFFFFFF, 0xFFFFFFFF, 4)]
    [InlineData(36, 0xFFFFFFFF, 40)]
    [InlineData(36, 0x80000000, 40)]
    public void Fails_fast_on_a_tiny_file_claiming_4_GB_without_allocating_it(uint riffSize, uint dataSize, long expectedOffset)
    {
        var header = new WavBuilder().Fmt(WavBuilder.PcmTag, 1, 44100, 16).Data([], declaredSize: dataSize).RiffSize(riffSize).Build();
        Assert.Equal(44, header.Length);
        var stream = new MemoryStream(header);
        // Warm up first, so one-off costs (JIT, type loading) are not counted below.
        Assert.Throws<WavFormatException>(() => WavReader.Read(new MemoryStream(header), "warm-up"));

        long before = GC.GetAllocatedBytesForCurrentThread();
        var error = Assert.Throws<WavFormatException>(() => WavReader.Read(stream, "liar.wav"));
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(expectedOffset, error.ByteOffset);
        Assert.True(allocated < 16 * 1024, $"allocated {allocated} bytes for a 44-byte file");
    }

    [Fact]
    public void Names_the_file_path_when_reading_a_file()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgesound-{Guid.NewGuid():N}.wav");
        try
        {
            File.WriteAllBytes(path, Valid[..30]);

            var error = Assert.Throws<WavFormatException>(() => WavReader.Read(path));

            Assert.Equal(path, error.FilePath);
            Assert.StartsWith($"{path}: at byte 4: the RIFF size says the file is 52 bytes long, but it has only 30 bytes", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>A stream that claims more bytes than it can deliver, like a file that shrinks while read.</summary>
    private sealed class LyingLengthStream(byte[] bytes, long claimedLength) : MemoryStream(bytes)
    {
        public override long Length => claimedLength;
    }
}
