using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeSound.Shared.Dsp;

/// <summary>
/// The one inner loop every resampler output goes through: a phase's taps dotted with a contiguous
/// input span. One-shot and streaming resampling both call it, which is why their outputs are
/// bit-identical.
/// </summary>
/// <remarks>
/// The summation order is fixed whatever the vector width: 32 interleaved partial sums (lane j adds
/// the products at indices ≡ j mod 32, in order), folded by one fixed tree, with no fused
/// multiply-add. The 256-bit path (x64 with AVX) and the 128-bit path (SSE, ARM NEON) therefore give
/// the same bits, so the trainer's workstation and the Pi resample identically.
/// </remarks>
internal static class ResamplerKernel
{
    /// <summary>Lengths handed to <see cref="Dot"/> are multiples of this.</summary>
    public const int BlockLength = 32;

    /// <summary>Σ taps[i]·samples[i] over the taps' length, which is a multiple of <see cref="BlockLength"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Dot(ReadOnlySpan<float> taps, ReadOnlySpan<float> samples) =>
        Vector256.IsHardwareAccelerated ? Dot256(taps, samples) : Dot128(taps, samples);

    /// <summary>The 256-bit form: accumulator k holds lanes 8k .. 8k+7.</summary>
    internal static float Dot256(ReadOnlySpan<float> taps, ReadOnlySpan<float> samples)
    {
        var length = RequireBlocks(taps, samples);
        ref var t = ref MemoryMarshal.GetReference(taps);
        ref var s = ref MemoryMarshal.GetReference(samples);
        var sum0 = Vector256<float>.Zero;
        var sum1 = Vector256<float>.Zero;
        var sum2 = Vector256<float>.Zero;
        var sum3 = Vector256<float>.Zero;
        for (nuint i = 0; i < length; i += BlockLength)
        {
            sum0 += Vector256.LoadUnsafe(ref t, i) * Vector256.LoadUnsafe(ref s, i);
            sum1 += Vector256.LoadUnsafe(ref t, i + 8) * Vector256.LoadUnsafe(ref s, i + 8);
            sum2 += Vector256.LoadUnsafe(ref t, i + 16) * Vector256.LoadUnsafe(ref s, i + 16);
            sum3 += Vector256.LoadUnsafe(ref t, i + 24) * Vector256.LoadUnsafe(ref s, i + 24);
        }
        return Fold(
            (sum0.GetLower() + sum0.GetUpper()) + (sum1.GetLower() + sum1.GetUpper()),
            (sum2.GetLower() + sum2.GetUpper()) + (sum3.GetLower() + sum3.GetUpper()));
    }

    /// <summary>The 128-bit form: accumulator k holds lanes 4k .. 4k+3, folded in the same tree as <see cref="Dot256"/>.</summary>
    internal static float Dot128(ReadOnlySpan<float> taps, ReadOnlySpan<float> samples)
    {
        var length = RequireBlocks(taps, samples);
        ref var t = ref MemoryMarshal.GetReference(taps);
        ref var s = ref MemoryMarshal.GetReference(samples);
        var sum0 = Vector128<float>.Zero;
        var sum1 = Vector128<float>.Zero;
        var sum2 = Vector128<float>.Zero;
        var sum3 = Vector128<float>.Zero;
        var sum4 = Vector128<float>.Zero;
        var sum5 = Vector128<float>.Zero;
        var sum6 = Vector128<float>.Zero;
        var sum7 = Vector128<float>.Zero;
        for (nuint i = 0; i < length; i += BlockLength)
        {
            sum0 += Vector128.LoadUnsafe(ref t, i) * Vector128.LoadUnsafe(ref s, i);
            sum1 += Vector128.LoadUnsafe(ref t, i + 4) * Vector128.LoadUnsafe(ref s, i + 4);
            sum2 += Vector128.LoadUnsafe(ref t, i + 8) * Vector128.LoadUnsafe(ref s, i + 8);
            sum3 += Vector128.LoadUnsafe(ref t, i + 12) * Vector128.LoadUnsafe(ref s, i + 12);
            sum4 += Vector128.LoadUnsafe(ref t, i + 16) * Vector128.LoadUnsafe(ref s, i + 16);
            sum5 += Vector128.LoadUnsafe(ref t, i + 20) * Vector128.LoadUnsafe(ref s, i + 20);
            sum6 += Vector128.LoadUnsafe(ref t, i + 24) * Vector128.LoadUnsafe(ref s, i + 24);
            sum7 += Vector128.LoadUnsafe(ref t, i + 28) * Vector128.LoadUnsafe(ref s, i + 28);
        }
        return Fold((sum0 + sum1) + (sum2 + sum3), (sum4 + sum5) + (sum6 + sum7));
    }

    private static float Fold(Vector128<float> low, Vector128<float> high)
    {
        var sum = low + high;
        return (sum.GetElement(0) + sum.GetElement(1)) + (sum.GetElement(2) + sum.GetElement(3));
    }

    private static nuint RequireBlocks(ReadOnlySpan<float> taps, ReadOnlySpan<float> samples)
    {
        // Guards the unchecked loads below.
        if (samples.Length < taps.Length || taps.Length % BlockLength != 0)
            throw new ArgumentException(
                $"Need {taps.Length} samples (a multiple of {BlockLength}), got {samples.Length}.", nameof(samples));
        return (nuint)taps.Length;
    }
}
