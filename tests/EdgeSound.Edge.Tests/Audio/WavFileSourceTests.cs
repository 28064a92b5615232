using EdgeSound.Shared.Tests.Support;
using System.Diagnostics;
using EdgeSound.Edge.Audio;
using EdgeSound.Edge.Tests.Support;
using EdgeSound.Shared.Audio;
using Xunit;

namespace EdgeSound.Edge.Tests.Audio;

public sealed class WavFileSourceTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-wavsource-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string WriteStereoFloatWav(int sampleRate, double seconds)
    {
        int frames = (int)(sampleRate * seconds);
        var interleaved = new float[2 * frames];
        for (int i = 0; i < frames; i++)
        {
            interleaved[2 * i] = 0.5f * MathF.Sin(i * 0.1f);
            interleaved[2 * i + 1] = 0.25f * MathF.Cos(i * 0.03f);
        }
        var path = Path.Combine(_folder.FullName, $"tone-{sampleRate}-{seconds}.wav");
        WavWriter.WriteFloat32(path, interleaved, sampleRate, channels: 2);
        return path;
    }

    private static List<float> ReadAll(IAudioSource source, int chunk)
    {
        var all = new List<float>();
        var buffer = new float[chunk];
        for (int got; (got = source.Read(buffer, CancellationToken.None)) > 0;) all.AddRange(buffer.AsSpan(0, got));
        return all;
    }

    [Fact]
    public void Fast_reads_deliver_the_readers_mono_samples_then_zero()
    {
        // 5 s of audio: paced it would take 5 s, so 2 s leaves a busy machine room and still tells the two apart.
        var path = WriteStereoFloatWav(16000, 5);
        using var source = new WavFileSource(path, paced: false);
        var watch = Stopwatch.StartNew();

        var samples = ReadAll(source, chunk: 1000);

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"unpaced read of 5 s took {watch.Elapsed}");
        Assert.Equal(WavReader.Read(path).Samples, samples);
        Assert.Equal(16000, source.SampleRate);
        Assert.Equal(0, source.Read(new float[10], CancellationToken.None));
        Assert.Contains("tone-16000-5.wav 16000 Hz", source.Description);
    }

    [Fact]
    public void Paced_reads_follow_the_wall_clock()
    {
        var path = WriteStereoFloatWav(16000, 0.3);
        using var source = new WavFileSource(path, paced: true);
        var watch = Stopwatch.StartNew();

        var samples = ReadAll(source, chunk: 800);

        Assert.Equal(4800, samples.Count);
        Assert.True(watch.Elapsed >= TimeSpan.FromSeconds(0.25), $"0.3 s of audio came in {watch.Elapsed}");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(1.5), $"0.3 s of audio took {watch.Elapsed}");
        Assert.True(source.Paced);
    }

    [Fact]
    public void A_paced_wait_ends_when_cancelled()
    {
        using var source = new WavFileSource(WriteStereoFloatWav(8000, 5), paced: true);
        using var cancel = new TimedCancellation(TimeSpan.FromMilliseconds(50));
        var watch = Stopwatch.StartNew();

        Assert.ThrowsAny<OperationCanceledException>(() => source.Read(new float[8000 * 4], cancel.Token));

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"cancellation took {watch.Elapsed}");
    }

    [Fact]
    public void Reads_allocate_nothing()
    {
        using var source = new WavFileSource(WriteStereoFloatWav(16000, 1), paced: false);
        var buffer = new float[64];
        source.Read(buffer, CancellationToken.None);

        Assert.Equal(0, Allocations.SteadyStateBytes(() =>
        {
            for (int i = 0; i < 20; i++) source.Read(buffer, CancellationToken.None);
        }));
    }

    [Fact]
    public void A_file_that_is_not_wav_fails_at_construction_with_its_name()
    {
        var path = Path.Combine(_folder.FullName, "noise.wav");
        File.WriteAllBytes(path, new byte[100]);

        var error = Assert.Throws<WavFormatException>(() => new WavFileSource(path, paced: false));

        Assert.Contains("noise.wav", error.Message);
    }
}
