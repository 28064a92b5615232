using EdgeSound.Edge.Audio;
using EdgeSound.Shared.Tests.Support;

namespace EdgeSound.Edge.Tests.Audio;

/// <summary>
/// A capture device without a sound card: ALSA's <c>file</c> plugin replays a raw PCM file through a
/// "null" slave, defined in a configuration string opened with snd_pcm_open_lconf. It has no clock and
/// no end: reads past the file's end succeed, so tests bound what they read.
/// </summary>
internal sealed class FakeMicrophone : IDisposable
{
    public const string DeviceName = "fakemic";
    public const string LibraryPath = "/usr/lib/x86_64-linux-gnu/libasound.so.2";

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-alsa-");

    public FakeMicrophone(ReadOnlySpan<byte> rawPcm)
    {
        RawPath = Path.Combine(_folder.FullName, "in.raw");
        File.WriteAllBytes(RawPath, rawPcm.ToArray());
        ConfigText = $$"""
            pcm.{{DeviceName}} {
                type file
                slave.pcm { type null }
                file "/dev/null"
                infile "{{RawPath}}"
                format "raw"
            }
            """;
    }

    public string RawPath { get; }

    public string ConfigText { get; }

    /// <summary>Skips the test only where libasound itself is absent.</summary>
    public static void RequireLibasound() => ExternalTools.RequireProgram(LibraryPath, "libasound2");

    public AlsaCaptureSettings Settings(int channels, PcmSampleFormat format, int sampleRate = 48000) => new()
    {
        Device = DeviceName,
        ConfigText = ConfigText,
        Channels = channels,
        Format = format,
        SampleRate = sampleRate,
        PeriodFrames = 256,
    };

    /// <summary>Reads exactly <paramref name="count"/> samples (never past them: the plugin has no end).</summary>
    public static float[] ReadExactly(IAudioSource source, int count, int chunk = 300)
    {
        var samples = new float[count];
        for (int done = 0; done < count;)
        {
            int got = source.Read(samples.AsSpan(done, Math.Min(chunk, count - done)), CancellationToken.None);
            if (got <= 0) throw new InvalidOperationException($"source ended after {done} of {count} samples");
            done += got;
        }
        return samples;
    }

    public void Dispose() => _folder.Delete(recursive: true);
}
