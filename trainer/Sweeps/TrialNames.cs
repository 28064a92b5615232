using EdgeSound.Shared.Randomness;
namespace EdgeSound.Trainer.Sweeps;

/// <summary>
/// W&amp;B-style run names such as <c>polished-sweep-2</c>: a memorable adjective, "-sweep-" and the
/// 1-based trial index. The adjective is a function of (seed, index) so names are reproducible, and the
/// index keeps them unique within a sweep.
/// </summary>
public static class TrialNames
{
    /// <summary>The adjectives names are drawn from (lower-case, hyphen-free).</summary>
    public static IReadOnlyList<string> Adjectives { get; } =
    [
        "amber", "ancient", "astral", "autumn", "bright", "brisk", "calm", "celestial", "clean", "cosmic",
        "crimson", "crisp", "dainty", "dashing", "dazzling", "deep", "devoted", "divine", "dry", "eager",
        "earthy", "elated", "electric", "ethereal", "fancy", "fearless", "fiery", "fine", "floral", "fluent",
        "fragrant", "fresh", "frosty", "gallant", "gentle", "giddy", "glad", "glorious", "golden", "graceful",
        "grateful", "hardy", "hazy", "helpful", "honest", "hopeful", "icy", "jolly", "keen", "kind",
        "lilac", "lively", "lucky", "lunar", "lyric", "magic", "major", "mellow", "misty", "noble",
        "northern", "olive", "peach", "pious", "playful", "polar", "polished", "pretty", "proud", "quiet",
        "rare", "resilient", "restful", "robust", "rosy", "royal", "rural", "sage", "scarlet", "serene",
        "sleek", "smooth", "snowy", "solar", "sparkling", "spring", "stellar", "stilted", "stoic", "summer",
        "sunny", "sweet", "swift", "tender", "twilight", "upbeat", "valiant", "vibrant", "vivid", "wandering",
        "warm", "wild", "winter", "wise", "woven", "young", "zany", "zesty",
    ];

    /// <summary>The name of trial <paramref name="trialIndex"/> (1-based) of the sweep seeded with <paramref name="seed"/>.</summary>
    public static string For(ulong seed, int trialIndex)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trialIndex, 1);
        // A different mixing constant from SweepSampler, so names do not correlate with the configurations.
        var rng = new SplitMix64(SplitMix64.Mix(seed ^ 0x6E616D6573UL, (ulong)trialIndex));
        return $"{Adjectives[(int)rng.NextBelow((ulong)Adjectives.Count)]}-sweep-{trialIndex}";
    }
}
