using EdgeSound.Edge.Commands;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.IO;
using Xunit;

namespace EdgeSound.Edge.Tests.Commands;

public sealed class FeaturesCommandTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-features-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_folder.FullName, name);

    private string WriteStereoTone(int sampleRate, double seconds)
    {
        int frames = (int)(sampleRate * seconds);
        var interleaved = new float[frames * 2];
        for (int i = 0; i < frames; i++)
        {
            interleaved[2 * i] = 0.4f * MathF.Sin(2 * MathF.PI * 1000 * i / sampleRate);
            interleaved[2 * i + 1] = 0.2f * MathF.Sin(2 * MathF.PI * 300 * i / sampleRate);
        }
        var path = PathOf("tone.wav");
        WavWriter.WritePcm16(path, interleaved, sampleRate, channels: 2);
        return path;
    }

    [Fact]
    public void Writes_mel_major_float32_npy_equal_to_the_shared_extractor_output()
    {
        var wav = WriteStereoTone(44100, 1.0);
        var npy = PathOf("tone.npy");

        int code = FeaturesCommand.Run(new FileInfo(wav), new FileInfo(npy), null, TextWriter.Null);

        Assert.Equal(0, code);
        var (data, shape) = NpyFile.Read(npy);
        var config = FeatureConfig.Default;
        var expected = new LogMelExtractor(config).Extract(AudioFileLoader.Load(wav, config.SampleRate));
        Assert.Equal([config.MelCount, expected.FrameCount], shape);
        Assert.Equal(expected.ToMelMajor(), data);
        Assert.Equal(config.FrameCount(16000), expected.FrameCount);
    }

    [Fact]
    public void A_config_file_changes_the_features()
    {
        var wav = WriteStereoTone(16000, 1.0);
        var configPath = PathOf("config.json");
        File.WriteAllText(configPath, (FeatureConfig.Default with { MelCount = 40, HopLength = 160 }).ToJson());

        FeaturesCommand.Run(new FileInfo(wav), new FileInfo(PathOf("out.npy")), new FileInfo(configPath), TextWriter.Null);

        var (_, shape) = NpyFile.Read(PathOf("out.npy"));
        Assert.Equal([40, 1 + (16000 - 1024) / 160], shape);
    }

    [Fact]
    public void A_broken_wav_is_reported_with_its_name_and_writes_nothing()
    {
        var wav = PathOf("broken.wav");
        File.WriteAllBytes(wav, "RIFF\x10\0\0\0WAVEjunk"u8.ToArray());
        var npy = PathOf("broken.npy");

        var error = Assert.Throws<WavFormatException>(() => FeaturesCommand.Run(new FileInfo(wav), new FileInfo(npy), null, TextWriter.Null));

        Assert.Contains("broken.wav", error.Message);
        Assert.False(File.Exists(npy));
    }

    [Fact]
    public void A_malformed_config_names_the_config_file()
    {
        var wav = WriteStereoTone(16000, 0.5);
        var configPath = PathOf("bad.json");
        File.WriteAllText(configPath, "{ \"sample_rate\": \"fast\" }");

        var error = Assert.Throws<InvalidDataException>(() => FeaturesCommand.Run(new FileInfo(wav), new FileInfo(PathOf("x.npy")), new FileInfo(configPath), TextWriter.Null));

        Assert.Contains("bad.json", error.Message);
    }

    [Fact]
    public void Audio_shorter_than_one_analysis_window_is_an_error_not_an_empty_array()
    {
        var wav = PathOf("short.wav");
        WavWriter.WritePcm16(wav, new float[500], 16000);
        var error = Assert.Throws<InvalidDataException>(() => FeaturesCommand.Run(new FileInfo(wav), new FileInfo(PathOf("s.npy")), null, TextWriter.Null));
        Assert.Contains("shorter than one analysis window", error.Message);
    }
}
