namespace EdgeSound.Shared.Tests.Support;

/// <summary>
/// Steady-state allocation of a piece of code on this thread. The runtime's tiered JIT can allocate
/// on the calling thread while it promotes a hot method, once; so the body is measured a few times and
/// the smallest count is returned. Code that really allocates per call never measures zero.
/// </summary>
public static class Allocations
{
    public static long SteadyStateBytes(Action body, int attempts = 5)
    {
        body(); // warm-up
        long fewest = long.MaxValue;
        for (int attempt = 0; attempt < attempts && fewest > 0; attempt++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            body();
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }
        return fewest;
    }
}
