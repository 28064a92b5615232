namespace EdgeSound.Trainer.Study;

/// <summary>
/// Seeds derived from the study seed and a name (sweep, trial, fold), identical in every process:
/// string.GetHashCode is randomised per process, so names are hashed with FNV-1a and mixed with splitmix64.
/// </summary>
public static class StableSeed
{
    public static ulong Mix(ulong seed, string name)
    {
        ulong hash = 14695981039346656037UL;
        foreach (char c in name) { hash ^= c; hash *= 1099511628211UL; }
        ulong z = seed ^ hash;
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
