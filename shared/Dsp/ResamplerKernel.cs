using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeSound.Shared.Dsp;

/// <summary>
/// The one inner loop every resampler output goes through: a phase's taps dotted with a contiguous
/// input span. One-shot and streaming resampling both call it, which is why their outputs are
/// bit-identical.
/// </summary>
internal static class ResamplerKernel
{
    /// <summary>Lengths handed to <see cref="Dot"/> are multiples of this (four 4-lane accumulators).</summary>
    public const int BlockLength = 16;

    /// <summary>
    /// Σ taps[i]·samples[i] over a length that is a multiple of <see cref="BlockLength"/>.
    /// The summation order is fixed (16 interleaved partial sums, then a fixed tree, no fused
    /// multiply-add), so the result does not depend on the vector width of the machine.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> taps, ReadOnlySpan<float> samples)
    {
        var length = taps.Length;
        if (samples.Length < length || length % BlockLength != 0)
            throw new ArgumentException($"Need {length} samples in blocks of {BlockLength}, got {samples.Length}.", nameof(samples));

        ref var t = ref MemoryMarshal.GetReference(taps);
        ref var s = ref MemoryMarshal.GetReference(samples);
        var sum0 = Vector128<float>.Zero;
        var sum1 = Vector128<float>.Zero;
        var sum2 = Vector128<float>.Zero;
        var sum3 = Vector128<float>.Zero;
        for (nuint i = 0; i < (nuint)length; i += BlockLength)
        {
            sum0 += Vector128.LoadUnsafe(ref t, i) * Vector128.LoadUnsafe(ref s, i);
            sum1 += Vector128.LoadUnsafe(ref t, i + 4) * Vector128.LoadUnsafe(ref s, i + 4);
            sum2 += Vector128.LoadUnsafe(ref t, i + 8) * Vector128.LoadUnsafe(ref s, i + 8);
            sum3 += Vector128.LoadUnsafe(ref t, i + 12) * Vector128.LoadUnsafe(ref s, i + 12);
        }

        var sum = (sum0 + sum1) + (sum2 + sum3);
        return (sum.GetElement(0) + sum.GetElement(1)) + (sum.GetElement(2) + sum.GetElement(3));
    }
}
