using System.Text;

namespace EdgeSound.Shared.Randomness;

/// <summary>
/// A 64-bit string hash that is the same on every machine, process and .NET version (unlike
/// <see cref="string.GetHashCode()"/>, which is randomised per process): FNV-1a over UTF-8, then the
/// SplitMix64 finaliser so that similar names land far apart.
/// </summary>
public static class StableHash
{
    private const ulong FnvOffsetBasis = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>Hashes <paramref name="text"/> together with <paramref name="seed"/> (a study seed, or 0).</summary>
    public static ulong Of(string text, ulong seed)
    {
        var hash = FnvOffsetBasis ^ seed;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= FnvPrime;
        }
        return SplitMix64.Finalize(hash);
    }
}
