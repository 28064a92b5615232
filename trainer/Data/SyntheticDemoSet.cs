using EdgeSound.Shared.Audio;

namespace EdgeSound.Trainer.Data;

/// <summary>
/// A built-in demo dataset for machines without ESC-50: ten procedurally generated sound classes
/// (tones, chirps, noise bursts, clicks, sirens, ...), five folds, written as a folder-per-class set
/// with ESC-style fold prefixes so it goes through the same reader as a user's own recordings.
/// It is synthetic and labelled as such everywhere; it proves the pipeline, not the model.
/// </summary>
public static class SyntheticDemoSet
{
    public const int SampleRate = 16000;
    public const double ClipSeconds = 5.0;

    public static readonly string[] Classes =
    [
        "steady_tone", "rising_chirp", "falling_chirp", "noise_bursts", "click_train",
        "siren", "buzz", "rumble", "beeps", "warble",
    ];

    /// <summary>Writes <paramref name="clipsPerClassPerFold"/> x 5 folds x 10 classes WAVs under <paramref name="root"/> (idempotent).</summary>
    public static string Generate(string root, int clipsPerClassPerFold = 4, int seed = 1234)
    {
        var marker = Path.Combine(root, "SYNTHETIC-DEMO-DATA.txt");
        string expected = $"EdgeSound synthetic demo set: 10 classes, 5 folds, {clipsPerClassPerFold} clips per class per fold, seed {seed}. Not real recordings.";
        if (File.Exists(marker) && File.ReadAllText(marker) == expected) return root;

        var random = new Random(seed);
        for (int c = 0; c < Classes.Length; c++)
        {
            var folder = Path.Combine(root, Classes[c]);
            Directory.CreateDirectory(folder);
            for (int fold = 1; fold <= 5; fold++)
            for (int k = 0; k < clipsPerClassPerFold; k++)
            {
                var samples = Synthesize(c, random);
                WavWriter.WritePcm16(Path.Combine(folder, $"{fold}-{c:D2}{k:D3}-A-{c}.wav"), samples, SampleRate);
            }
        }
        File.WriteAllText(marker, expected);
        return root;
    }

    /// <summary>One 5-s clip of class <paramref name="classIndex"/>: an event somewhere in the clip over low noise.</summary>
    internal static float[] Synthesize(int classIndex, Random random)
    {
        int n = (int)(SampleRate * ClipSeconds);
        var x = new float[n];
        double eventSeconds = 1.5 + random.NextDouble() * 2.5;
        int start = random.Next((int)((ClipSeconds - eventSeconds) * SampleRate));
        int length = (int)(eventSeconds * SampleRate);
        double f0 = 300 + random.NextDouble() * 1500;
        double amplitude = 0.1 + random.NextDouble() * 0.4;
        double phase = 0, rumble = 0;
        for (int i = 0; i < length; i++)
        {
            double t = i / (double)SampleRate, u = i / (double)length;
            double envelope = Math.Min(1, Math.Min(u, 1 - u) * 20); // 50 ms-ish fades
            double frequency = classIndex switch
            {
                1 => f0 * (1 + 2 * u),
                2 => f0 * (3 - 2 * u),
                5 => f0 * (1.5 + 0.5 * Math.Sin(2 * Math.PI * 0.8 * t)),
                9 => f0 * (1 + 0.05 * Math.Sin(2 * Math.PI * 12 * t)),
                _ => f0,
            };
            phase += 2 * Math.PI * frequency / SampleRate;
            double noise = random.NextDouble() * 2 - 1;
            double v = classIndex switch
            {
                0 or 1 or 2 or 5 or 9 => Math.Sin(phase),
                3 => (t % 0.25 < 0.1 ? noise : 0),
                4 => (i % (int)(SampleRate / (5 + f0 / 100)) < 8 ? 1.0 : 0.0),
                6 => Math.Sign(Math.Sin(phase / 4)) * 0.5 + 0.3 * Math.Sin(phase / 2),
                7 => (rumble = 0.98 * rumble + 0.02 * noise) * 8, // one-pole low-passed noise
                8 => (t % 0.4 < 0.15 ? Math.Sin(phase * 1.5) : 0),
                _ => 0,
            };
            x[start + i] = (float)(amplitude * envelope * v);
        }
        for (int i = 0; i < n; i++) x[i] += (float)(0.003 * (random.NextDouble() * 2 - 1));
        return x;
    }
}
