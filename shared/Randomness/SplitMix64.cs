namespace EdgeSound.Shared.Randomness;

/// <summary>
/// SplitMix64 (Steele, Lea, Flood 2014): a tiny seeded generator whose sequence is defined by
/// a few lines of integer arithmetic, so a sweep seed gives the same trials on every OS, .NET
/// version and language. System.Random(seed) is stable in practice but its seeded algorithm is
/// an implementation detail Microsoft reserves the right to change, and it cannot be reproduced
/// outside .NET; SplitMix64 can (e.g. in a Python check) and passes BigCrush.
/// </summary>
public sealed class SplitMix64
{
    private ulong _state;

    /// <summary>Starts the sequence at <paramref name="seed"/>.</summary>
    public SplitMix64(ulong seed) => _state = seed;

    /// <summary>Mixes two values into one well-spread seed (used to give each trial its own stream).</summary>
    public static ulong Mix(ulong a, ulong b) => Finalize(a ^ Finalize(b + 0x9E3779B97F4A7C15UL));

    /// <summary>Next 64 uniformly distributed bits.</summary>
    public ulong NextUInt64()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Finalize(_state);
    }

    /// <summary>Uniform double in [0, 1) with 53 bits of precision.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform integer in [0, <paramref name="exclusiveBound"/>) without modulo bias (rejection sampling).</summary>
    public ulong NextBelow(ulong exclusiveBound)
    {
        ArgumentOutOfRangeException.ThrowIfZero(exclusiveBound);
        // Reject the top partial block so every residue is equally likely.
        ulong limit = ulong.MaxValue - (ulong.MaxValue % exclusiveBound);
        ulong x;
        do { x = NextUInt64(); } while (x >= limit);
        return x % exclusiveBound;
    }

    /// <summary>The SplitMix64 output finaliser: spreads any 64-bit value over all 64 bits.</summary>
    public static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
