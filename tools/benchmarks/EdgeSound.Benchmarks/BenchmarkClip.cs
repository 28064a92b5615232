using EdgeSound.Shared.Audio;

namespace EdgeSound.Benchmarks;

/// <summary>
/// The clip every feature benchmark uses: a real 5-s 44.1 kHz ESC clip when EDGESOUND_DATA is set,
/// else a generated one of the same length and rate (tone + chirp + noise), so the suite runs anywhere.
/// </summary>
public static class BenchmarkClip
{
    public const int SourceRate = 44100;

    public static float[] Load(out string description)
    {
        var root = Environment.GetEnvironmentVariable("EDGESOUND_DATA");
        var real = root is null ? null : Path.Combine(root, "audio", "1-100032-A-0.wav");
        if (real is not null && File.Exists(real))
        {
            var clip = WavReader.Read(real);
            if (clip.SampleRate == SourceRate)
            {
                description = $"ESC clip {Path.GetFileName(real)}";
                return clip.Samples;
            }
        }
        description = "generated 5-s 44.1 kHz clip";
        var random = new Random(1);
        var x = new float[SourceRate * 5];
        for (int i = 0; i < x.Length; i++)
        {
            double t = i / (double)SourceRate;
            x[i] = (float)(0.3 * Math.Sin(2 * Math.PI * 440 * t) + 0.2 * Math.Sin(2 * Math.PI * (200 + 800 * t) * t) + 0.05 * (random.NextDouble() * 2 - 1));
        }
        return x;
    }
}
