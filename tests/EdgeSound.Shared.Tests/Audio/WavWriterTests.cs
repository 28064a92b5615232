using System.Buffers.Binary;
using EdgeSound.Shared.Audio;
using Xunit;

namespace EdgeSound.Shared.Tests.Audio;

public sealed class WavWriterTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-wavwriter-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static byte[] Pcm16Bytes(float[] samples, int sampleRate = 8000, int channels = 1)
    {
        var stream = new MemoryStream();
        WavWriter.WritePcm16(stream, samples, sampleRate, channels);
        return stream.ToArray();
    }

    [Fact]
    public void Writes_pcm16_that_reads_back_exactly()
    {
        float[] samples = [-1f, -0.5f, 0f, 1f / 32768, 12345f / 32768, 32767f / 32768];

        var clip = WavReader.Read(new MemoryStream(Pcm16Bytes(samples, 16000)), "round-trip");

        Assert.Equal(samples, clip.Samples);
        Assert.Equal(16000, clip.SampleRate);
    }

    [Fact]
    public void Clips_to_full_scale_and_rounds_to_nearest_when_writing_pcm16()
    {
        float[] samples = [1.5f, -2f, 1f, -1f, 0.4f / 32768, 0.6f / 32768, -0.6f / 32768, 100.4f / 32768];

        var bytes = Pcm16Bytes(samples);
        var written = Enumerable.Range(0, samples.Length).Select(i => BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44 + 2 * i)));

        Assert.Equal(new short[] { 32767, -32768, 32767, -32768, 0, 1, -1, 100 }, written);
    }

    [Fact]
    public void Writes_the_standard_44_byte_pcm16_header()
    {
        var bytes = Pcm16Bytes(new float[6], sampleRate: 22050, channels: 2);

        Assert.Equal(44 + 12, bytes.Length);
        Assert.Equal("RIFF"u8.ToArray(), bytes[..4]);
        Assert.Equal(48u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(4)));
        Assert.Equal("WAVEfmt "u8.ToArray(), bytes[8..16]);
        Assert.Equal(16u, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(16)));
        Assert.Equal(22050u * 4, BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(28)));
        Assert.Equal("data"u8.ToArray(), bytes[36..40]);
        Assert.Equal(new WavInfo(1, WavSampleEncoding.Pcm, 2, 22050, 16, 4, 3, 44), WavReader.ReadInfo(new MemoryStream(bytes), "x"));
    }

    [Fact]
    public void Writes_interleaved_frames_when_there_are_several_channels()
    {
        float[] interleaved = [0.5f, 0.25f, -1f, 0f, 0.125f, 0.125f];

        var bytes = Pcm16Bytes(interleaved, channels: 2);

        Assert.Equal(16384, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44)));
        Assert.Equal(8192, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(46)));
        Assert.Equal([0.375f, -0.5f, 0.125f], WavReader.Read(new MemoryStream(bytes), "x").Samples);
    }

    [Fact]
    public void Writes_float32_with_a_fact_chunk_that_reads_back_exactly()
    {
        float[] samples = [0.1f, -0.3f, 1.75f, -1e-20f, 0f, float.Epsilon];
        var stream = new MemoryStream();

        WavWriter.WriteFloat32(stream, samples, 48000);
        var bytes = stream.ToArray();

        Assert.Equal("fact"u8.ToArray(), bytes[38..42]);
        Assert.Equal(6, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(46)));
        Assert.Equal(new WavInfo(3, WavSampleEncoding.IeeeFloat, 1, 48000, 32, 4, 6, 58), WavReader.ReadInfo(new MemoryStream(bytes), "x"));
        Assert.Equal(samples, WavReader.Read(new MemoryStream(bytes), "x").Samples);
    }

    [Fact]
    public void Writes_float32_frames_interleaved_for_several_channels()
    {
        float[] interleaved = [0.5f, 1.5f, -0.25f, -0.75f];
        var stream = new MemoryStream();

        WavWriter.WriteFloat32(stream, interleaved, 8000, channels: 2);

        Assert.Equal([1f, -0.5f], WavReader.Read(new MemoryStream(stream.ToArray()), "x").Samples);
    }

    [Fact]
    public void Writes_long_signals_that_span_several_encode_blocks()
    {
        var samples = Enumerable.Range(0, 30011).Select(i => (float)((i % 65536) - 32768) / 32768).ToArray();

        Assert.Equal(samples, WavReader.Read(new MemoryStream(Pcm16Bytes(samples)), "x").Samples);
        var stream = new MemoryStream();
        WavWriter.WriteFloat32(stream, samples, 8000);
        Assert.Equal(samples, WavReader.Read(new MemoryStream(stream.ToArray()), "x").Samples);
    }

    [Fact]
    public void Rejects_inconsistent_shapes_and_non_finite_samples()
    {
        var stream = new MemoryStream();

        Assert.Throws<ArgumentException>(() => WavWriter.WritePcm16(stream, new float[3], 8000, channels: 2));
        Assert.Throws<ArgumentOutOfRangeException>(() => WavWriter.WritePcm16(stream, new float[2], 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => WavWriter.WriteFloat32(stream, new float[2], 8000, channels: 0));
        var error = Assert.Throws<ArgumentException>(() => WavWriter.WriteFloat32(stream, [0f, float.PositiveInfinity], 8000));
        Assert.Contains("Sample 1 is", error.Message);
        Assert.Throws<ArgumentException>(() => WavWriter.WritePcm16(stream, [float.NaN], 8000));
    }

    [Fact]
    public void Writes_a_file_leaving_only_the_target_in_its_folder()
    {
        string path = Path.Combine(_folder.FullName, "tone.wav");

        WavWriter.WritePcm16(path, [0.5f, -0.5f], 8000);
        WavWriter.WriteFloat32(path, [0.25f], 8000);

        Assert.Equal([path], Directory.GetFiles(_folder.FullName));
        Assert.Equal([0.25f], WavReader.Read(path).Samples);
    }

    [Fact]
    public void Leaves_no_file_when_a_write_fails_part_way()
    {
        // The NaN lies beyond the first encode block, so part of the file has been written when it fails.
        var samples = new float[40000];
        samples[^1] = float.NaN;
        string path = Path.Combine(_folder.FullName, "broken.wav");

        Assert.Throws<ArgumentException>(() => WavWriter.WritePcm16(path, samples, 8000));
        Assert.Throws<ArgumentException>(() => WavWriter.WriteFloat32(path, samples, 8000));

        Assert.Empty(Directory.GetFileSystemEntries(_folder.FullName));
    }

    [Fact]
    public void Keeps_the_previous_file_when_a_write_fails_part_way()
    {
        string path = Path.Combine(_folder.FullName, "keep.wav");
        WavWriter.WritePcm16(path, [0.75f], 8000);
        var before = File.ReadAllBytes(path);
        var samples = new float[40000];
        samples[30000] = float.NegativeInfinity;

        Assert.Throws<ArgumentException>(() => WavWriter.WritePcm16(path, samples, 8000));

        Assert.Equal(before, File.ReadAllBytes(path));
        Assert.Equal([path], Directory.GetFiles(_folder.FullName));
    }
}
