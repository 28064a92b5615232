using System.Diagnostics;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Shared.Tests.Audio;

/// <summary>Allocation per read is asserted; the time is only printed (speed lives in BENCHMARKS.md).</summary>
public sealed class WavReaderAllocationTests(ITestOutputHelper output) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-wavspeed-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Reading_a_5_second_clip_allocates_only_its_sample_array()
    {
        const int sampleRate = 44100;
        var tone = new float[5 * sampleRate];
        for (int i = 0; i < tone.Length; i++) tone[i] = 0.5f * MathF.Sin(2 * MathF.PI * 440 * i / sampleRate);
        string path = Path.Combine(_folder.FullName, "tone.wav");
        WavWriter.WritePcm16(path, tone, sampleRate);
        for (int i = 0; i < 5; i++) WavReader.Read(path);

        var times = new double[41];
        for (int i = 0; i < times.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            var clip = WavReader.Read(path);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            Assert.Equal(tone.Length, clip.Samples.Length);
        }
        long allocated = Allocations.SteadyStateBytes(() => WavReader.Read(path));
        Array.Sort(times);
        double median = times[times.Length / 2];

        output.WriteLine($"5-s 44.1 kHz 16-bit mono WAV from a file: median {median:F3} ms, min {times[0]:F3} ms, max {times[^1]:F3} ms; " +
                         $"{allocated} bytes allocated per read ({allocated - 4L * tone.Length} beyond the float array)");
        // The float array and a few small objects: no per-block buffers.
        Assert.InRange(allocated, 4L * tone.Length, 4L * tone.Length + 2048);
    }
}
