using EdgeSound.Shared.Randomness;
namespace EdgeSound.Shared.Windowing;

/// <summary>
/// ESC clips are padded to 5 s with exact zeros, which no microphone produces. A model that sees
/// them learns "zeros" as a cue for short-event classes, so the trainer's training and evaluation
/// (and anything that scores clips from files) drop windows that are mostly digital silence and
/// replace the remaining zero runs with a quiet noise floor, as a real microphone would give.
/// </summary>
public static class DigitalSilence
{
    /// <summary>A window with more than this fraction of exact zeros neither teaches nor scores a class.</summary>
    public const double DefaultMaxZeroFraction = 0.5;

    /// <summary>Runs of exact zeros at least this long count as padding (single zero crossings do not).</summary>
    public const int DefaultMinRun = 32;

    /// <summary>Noise floor used to mask padding: about -70 dBFS RMS, a quiet USB microphone's self-noise.</summary>
    public const float DefaultNoiseRms = 3.2e-4f;

    /// <summary>
    /// The one rule for which windows of a clip may teach a class (training crops) or score one
    /// (validation, evaluation, the device classifying a file): of the windows of <paramref name="span"/>
    /// samples starting at the sample offsets <paramref name="starts"/> (a window reaching past the
    /// end is cut there), those with at most <paramref name="maxZeroFraction"/> exact zeros; if none,
    /// the least silent one (the first on ties), so every clip keeps a window. Returns the kept starts
    /// in their order. Zeros are counted once through a running sum, so dense starts stay cheap.
    /// </summary>
    public static List<int> UsableWindowStarts(ReadOnlySpan<float> samples, int span, IReadOnlyList<int> starts,
        double maxZeroFraction = DefaultMaxZeroFraction)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(span, 1);
        if (starts.Count == 0) throw new ArgumentException("No window starts to choose from.", nameof(starts));
        var zerosBefore = new int[samples.Length + 1];
        for (int i = 0; i < samples.Length; i++) zerosBefore[i + 1] = zerosBefore[i] + (samples[i] == 0f ? 1 : 0);
        var kept = new List<int>(starts.Count);
        int leastSilent = starts[0];
        double leastFraction = double.MaxValue;
        foreach (int start in starts)
        {
            if (start < 0 || start > samples.Length) throw new ArgumentOutOfRangeException(nameof(starts), start, $"A window start must lie in 0..{samples.Length}.");
            int length = Math.Min(span, samples.Length - start);
            double fraction = length == 0 ? 1.0 : (zerosBefore[start + length] - zerosBefore[start]) / (double)length;
            if (fraction <= maxZeroFraction) kept.Add(start);
            if (fraction < leastFraction) { leastFraction = fraction; leastSilent = start; }
        }
        if (kept.Count == 0) kept.Add(leastSilent);
        return kept;
    }

    /// <summary>
    /// Replaces every run of at least <paramref name="minRun"/> exact zeros with Gaussian noise of
    /// RMS <paramref name="noiseRms"/>. The noise comes from <paramref name="seed"/>, so evaluation is
    /// reproducible. Returns the number of samples replaced.
    /// </summary>
    public static int MaskWithNoise(Span<float> samples, ulong seed, float noiseRms = DefaultNoiseRms, int minRun = DefaultMinRun)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minRun, 1);
        var noise = new GaussianNoise(seed);
        int replaced = 0;
        int i = 0;
        while (i < samples.Length)
        {
            if (samples[i] != 0f) { i++; continue; }
            int start = i;
            while (i < samples.Length && samples[i] == 0f) i++;
            if (i - start < minRun) continue;
            for (int k = start; k < i; k++) samples[k] = noiseRms * noise.Next();
            replaced += i - start;
        }
        return replaced;
    }

    /// <summary>Standard normal draws from a splitmix64 stream: identical on every platform and runtime.</summary>
    private readonly struct GaussianNoise(ulong seed)
    {
        private readonly SplitMix64 _bits = new(seed);

        private ulong NextBits() => _bits.NextUInt64();

        public float Next()
        {
            // Box-Muller on two uniforms in (0, 1].
            double u1 = ((NextBits() >> 11) + 1) * (1.0 / (1UL << 53));
            double u2 = (NextBits() >> 11) * (1.0 / (1UL << 53));
            return (float)(Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2));
        }
    }
}
