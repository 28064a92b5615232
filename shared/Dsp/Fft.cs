using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace EdgeSound.Shared.Dsp;

/// <summary>Which SIMD width a kernel uses. Every width computes the same operations in the same order.</summary>
internal enum SimdWidth
{
    /// <summary>Plain scalar code: the reference and the fallback.</summary>
    Scalar,
    /// <summary>Two doubles per vector (SSE2 on x86-64, NEON on ARM64).</summary>
    Vector128,
    /// <summary>Four doubles per vector (AVX2).</summary>
    Vector256,
}

/// <summary>Picks the widest SIMD width the CPU runs in hardware.</summary>
internal static class SimdWidths
{
    /// <summary>Vector256 with AVX2, Vector128 with SSE2/NEON, else scalar.</summary>
    public static SimdWidth Best =>
        Vector256.IsHardwareAccelerated ? SimdWidth.Vector256
        : Vector128.IsHardwareAccelerated ? SimdWidth.Vector128
        : SimdWidth.Scalar;
}

/// <summary>
/// Forward FFT of real input for one power-of-two size, giving the n/2 + 1 non-negative-frequency
/// bins. Twiddles and the bit-reversal table are computed once in the constructor; calls allocate
/// nothing. Not thread-safe: one instance per thread.
/// </summary>
/// <remarks>
/// Written here rather than taken from MathNet.Numerics because the feature path needs a Span API
/// with zero allocation per frame and a fixed, inspectable arithmetic order (batch and streaming
/// extractors and every platform must give the same bits). It works in double: bands near the log
/// floor are sums of tiny sidelobe powers, and float rounding there moves ln(mel) by up to 0.016 on
/// the chirp fixture (measured with a float32 FFT), far beyond the 1e-4 the reference tests allow.
/// Method: the n real samples are packed as n/2 complex ones (in bit-reversed order, optionally
/// multiplied by a window on the way), transformed by an iterative decimation-in-time FFT and split
/// into the real spectrum, which halves the work of a complex FFT of size n. The first two radix-2
/// stages are one radix-4 pass with twiddles 1 and -i (no multiplications), fused with the packing;
/// the later stages and the split are vectorised over contiguous per-stage twiddle tables. The vector code does exactly the
/// scalar code's element-wise operations (no fused multiply-add), so the bits do not depend on the
/// SIMD width, and AVX2, NEON and scalar machines agree.
/// </remarks>
public sealed class Fft
{
    private readonly int _half;            // complex FFT size M = n/2
    private readonly int[] _bitReversed;   // permutation for the M-point FFT
    private readonly double[] _stageRe;    // stage with half-span h: exp(-iπk/h), k < h, at [h-1, 2h-1)
    private readonly double[] _stageIm;
    private readonly double[] _splitRe;    // exp(-2πik/n), k ≤ n/2
    private readonly double[] _splitIm;
    private readonly double[] _re;
    private readonly double[] _im;
    private readonly SimdWidth _width;

    /// <summary>Prepares an FFT of <paramref name="size"/> real samples (a power of two ≥ 2).</summary>
    public Fft(int size) : this(size, SimdWidths.Best) { }

    /// <summary>As <see cref="Fft(int)"/> with a chosen SIMD width (tests compare the widths).</summary>
    internal Fft(int size, SimdWidth width)
    {
        if (size < 2 || !BitOperations.IsPow2(size))
            throw new ArgumentException($"FFT size must be a power of two ≥ 2, got {size}.", nameof(size));
        Size = size;
        _half = size / 2;
        _width = width;

        _bitReversed = new int[_half];
        int bits = BitOperations.Log2((uint)_half);
        for (int i = 0; i < _half; i++)
            _bitReversed[i] = bits == 0 ? 0 : (int)(ReverseBits((uint)i) >> (32 - bits));

        // One contiguous table per stage, so a stage reads its twiddles with unit stride (vector loads).
        _stageRe = new double[Math.Max(1, _half - 1)];
        _stageIm = new double[_stageRe.Length];
        for (int h = 1; h < _half; h <<= 1)
            for (int k = 0; k < h; k++)
            {
                var (sin, cos) = Math.SinCos(Math.PI * k / h);
                _stageRe[h - 1 + k] = cos;
                _stageIm[h - 1 + k] = -sin;
            }

        _splitRe = new double[_half + 1];
        _splitIm = new double[_half + 1];
        for (int k = 0; k <= _half; k++)
        {
            var (sin, cos) = Math.SinCos(2 * Math.PI * k / size);
            _splitRe[k] = cos;
            _splitIm[k] = -sin;
        }

        _re = new double[_half];
        _im = new double[_half];
    }

    /// <summary>Number of real input samples.</summary>
    public int Size { get; }

    /// <summary>Number of output bins, Size / 2 + 1 (0 Hz to Nyquist).</summary>
    public int BinCount => _half + 1;

    /// <summary>
    /// X[k] = Σ x[n] e^{-2πikn/N} for k = 0..N/2, into <paramref name="real"/> and <paramref name="imag"/>
    /// (each at least <see cref="BinCount"/> long).
    /// </summary>
    public void Forward(ReadOnlySpan<double> input, Span<double> real, Span<double> imag)
    {
        CheckLengths(input.Length, real.Length, nameof(real));
        CheckLengths(input.Length, imag.Length, nameof(imag));
        Transform(new PlainInput(input));
        for (int k = 0; k <= _half; k++)
        {
            var (re, im) = Bin(k);
            real[k] = re;
            imag[k] = im;
        }
    }

    /// <summary>|X[k]|² for k = 0..N/2 into <paramref name="power"/> (at least <see cref="BinCount"/> long).</summary>
    public void PowerSpectrum(ReadOnlySpan<double> input, Span<double> power)
    {
        CheckLengths(input.Length, power.Length, nameof(power));
        Transform(new PlainInput(input));
        SplitPower(power);
    }

    /// <summary>
    /// |X[k]|² of the windowed frame x[n]·w[n] (the product taken in double), k = 0..N/2: the same
    /// bits as windowing into a double buffer and calling <see cref="PowerSpectrum(ReadOnlySpan{double}, Span{double})"/>,
    /// without that extra pass over the frame.
    /// </summary>
    public void PowerSpectrum(ReadOnlySpan<float> input, ReadOnlySpan<double> window, Span<double> power)
    {
        CheckLengths(input.Length, power.Length, nameof(power));
        if (window.Length != Size)
            throw new ArgumentException($"FFT window must hold exactly {Size} coefficients, got {window.Length}.", nameof(window));
        Transform(new WindowedInput(input, window));
        SplitPower(power);
    }

    private void CheckLengths(int inputLength, int outputLength, string outputName)
    {
        if (inputLength != Size)
            throw new ArgumentException($"FFT input must hold exactly {Size} samples, got {inputLength}.", "input");
        if (outputLength < BinCount)
            throw new ArgumentException($"FFT output '{outputName}' needs {BinCount} elements, got {outputLength}.", outputName);
    }

    /// <summary>The packed complex input z[j] = x[2j] + i·x[2j+1], read without copying the frame first.</summary>
    private interface IPackedInput
    {
        double Re(int j);
        double Im(int j);
    }

    private readonly ref struct PlainInput(ReadOnlySpan<double> samples) : IPackedInput
    {
        private readonly ReadOnlySpan<double> _samples = samples;
        public double Re(int j) => _samples[2 * j];
        public double Im(int j) => _samples[2 * j + 1];
    }

    /// <summary>x[n]·w[n], the float sample widened to double before the product.</summary>
    private readonly ref struct WindowedInput(ReadOnlySpan<float> samples, ReadOnlySpan<double> window) : IPackedInput
    {
        private readonly ReadOnlySpan<float> _samples = samples;
        private readonly ReadOnlySpan<double> _window = window;
        public double Re(int j) => _samples[2 * j] * _window[2 * j];
        public double Im(int j) => _samples[2 * j + 1] * _window[2 * j + 1];
    }

    /// <summary>
    /// Loads z in bit-reversed order and runs the FFT. From four points up, the first two radix-2 stages
    /// (half-spans 1 and 2) are one radix-4 pass done while loading: each group of four outputs
    /// gathers its four inputs, and the twiddles 1 and -i need only additions.
    /// </summary>
    private void Transform<TInput>(TInput input) where TInput : IPackedInput, allows ref struct
    {
        int[] order = _bitReversed;
        if (_half < 4)
        {
            for (int j = 0; j < _half; j++)
            {
                _re[order[j]] = input.Re(j);
                _im[order[j]] = input.Im(j);
            }
            for (int h = 1; h < _half; h <<= 1) StageScalar(h);
            return;
        }

        ref double re = ref MemoryMarshal.GetArrayDataReference(_re);
        ref double im = ref MemoryMarshal.GetArrayDataReference(_im);
        for (int g = 0; g < _half; g += 4)
        {
            int j0 = order[g], j1 = order[g + 1], j2 = order[g + 2], j3 = order[g + 3];
            double r0 = input.Re(j0), i0 = input.Im(j0), r1 = input.Re(j1), i1 = input.Im(j1);
            double r2 = input.Re(j2), i2 = input.Im(j2), r3 = input.Re(j3), i3 = input.Im(j3);
            double s01r = r0 + r1, s01i = i0 + i1, d01r = r0 - r1, d01i = i0 - i1;
            double s23r = r2 + r3, s23i = i2 + i3, d23r = r2 - r3, d23i = i2 - i3;
            ref double r = ref Unsafe.Add(ref re, g);
            ref double i = ref Unsafe.Add(ref im, g);
            r = s01r + s23r;
            i = s01i + s23i;
            Unsafe.Add(ref r, 2) = s01r - s23r;
            Unsafe.Add(ref i, 2) = s01i - s23i;
            // -i·(d23r + i·d23i) = d23i - i·d23r
            Unsafe.Add(ref r, 1) = d01r + d23i;
            Unsafe.Add(ref i, 1) = d01i - d23r;
            Unsafe.Add(ref r, 3) = d01r - d23i;
            Unsafe.Add(ref i, 3) = d01i + d23r;
        }
        // Two stages per pass over the data where possible: the same butterflies, half the loads and stores.
        int span = 4;
        for (; 2 * span < _half; span <<= 2)
        {
            if (_width == SimdWidth.Vector256) StagePair256(span);
            else if (_width == SimdWidth.Vector128) StagePair128(span);
            else { StageScalar(span); StageScalar(2 * span); }
        }
        if (span < _half)
        {
            if (_width == SimdWidth.Vector256) Stage256(span);
            else if (_width == SimdWidth.Vector128) Stage128(span);
            else StageScalar(span);
        }
    }

    /// <summary>One radix-2 stage of half-span h: a ← a + w·b, b ← a − w·b.</summary>
    private void StageScalar(int h)
    {
        ref double re = ref MemoryMarshal.GetArrayDataReference(_re);
        ref double im = ref MemoryMarshal.GetArrayDataReference(_im);
        ref double twRe = ref MemoryMarshal.GetArrayDataReference(_stageRe);
        ref double twIm = ref MemoryMarshal.GetArrayDataReference(_stageIm);
        for (int start = 0; start < _half; start += 2 * h)
            for (int k = 0; k < h; k++)
            {
                int a = start + k, b = a + h;
                double wr = Unsafe.Add(ref twRe, h - 1 + k), wi = Unsafe.Add(ref twIm, h - 1 + k);
                double br = Unsafe.Add(ref re, b), bi = Unsafe.Add(ref im, b);
                double ar = Unsafe.Add(ref re, a), ai = Unsafe.Add(ref im, a);
                double tr = wr * br - wi * bi;
                double ti = wr * bi + wi * br;
                Unsafe.Add(ref re, b) = ar - tr;
                Unsafe.Add(ref im, b) = ai - ti;
                Unsafe.Add(ref re, a) = ar + tr;
                Unsafe.Add(ref im, a) = ai + ti;
            }
    }

    /// <summary><see cref="StageScalar"/> two butterflies at a time (h ≥ 4).</summary>
    private void Stage128(int h)
    {
        ref double re = ref MemoryMarshal.GetArrayDataReference(_re);
        ref double im = ref MemoryMarshal.GetArrayDataReference(_im);
        ref double twRe = ref MemoryMarshal.GetArrayDataReference(_stageRe);
        ref double twIm = ref MemoryMarshal.GetArrayDataReference(_stageIm);
        for (int start = 0; start < _half; start += 2 * h)
            for (int k = 0; k < h; k += 2)
            {
                nuint a = (nuint)(start + k), b = a + (nuint)h, w = (nuint)(h - 1 + k);
                var wr = Vector128.LoadUnsafe(ref twRe, w);
                var wi = Vector128.LoadUnsafe(ref twIm, w);
                var br = Vector128.LoadUnsafe(ref re, b);
                var bi = Vector128.LoadUnsafe(ref im, b);
                var ar = Vector128.LoadUnsafe(ref re, a);
                var ai = Vector128.LoadUnsafe(ref im, a);
                var tr = wr * br - wi * bi;
                var ti = wr * bi + wi * br;
                (ar - tr).StoreUnsafe(ref re, b);
                (ai - ti).StoreUnsafe(ref im, b);
                (ar + tr).StoreUnsafe(ref re, a);
                (ai + ti).StoreUnsafe(ref im, a);
            }
    }

    /// <summary><see cref="StageScalar"/> four butterflies at a time (h ≥ 4).</summary>
    private void Stage256(int h)
    {
        ref double re = ref MemoryMarshal.GetArrayDataReference(_re);
        ref double im = ref MemoryMarshal.GetArrayDataReference(_im);
        ref double twRe = ref MemoryMarshal.GetArrayDataReference(_stageRe);
        ref double twIm = ref MemoryMarshal.GetArrayDataReference(_stageIm);
        for (int start = 0; start < _half; start += 2 * h)
            for (int k = 0; k < h; k += 4)
            {
                nuint a = (nuint)(start + k), b = a + (nuint)h, w = (nuint)(h - 1 + k);
                var wr = Vector256.LoadUnsafe(ref twRe, w);
                var wi = Vector256.LoadUnsafe(ref twIm, w);
                var br = Vector256.LoadUnsafe(ref re, b);
                var bi = Vector256.LoadUnsafe(ref im, b);
                var ar = Vector256.LoadUnsafe(ref re, a);
                var ai = Vector256.LoadUnsafe(ref im, a);
                var tr = wr * br - wi * bi;
                var ti = wr * bi + wi * br;
                (ar - tr).StoreUnsafe(ref re, b);
                (ai - ti).StoreUnsafe(ref im, b);
                (ar + tr).StoreUnsafe(ref re, a);
                (ai + ti).StoreUnsafe(ref im, a);
            }
    }

    /// <summary>
    /// The stages of half-spans h and 2h in one pass, four butterflies per vector: for each quadruple
    /// (a, b, c, d) = z[s+k], z[s+k+h], z[s+k+2h], z[s+k+3h], stage h pairs (a, b) and (c, d), then
    /// stage 2h pairs (a, c) and (b, d): exactly the radix-2 butterflies of <see cref="StageScalar"/>.
    /// </summary>
    private void StagePair256(int h)
    {
        ref double re = ref MemoryMarshal.GetArrayDataReference(_re);
        ref double im = ref MemoryMarshal.GetArrayDataReference(_im);
        ref double twRe = ref MemoryMarshal.GetArrayDataReference(_stageRe);
        ref double twIm = ref MemoryMarshal.GetArrayDataReference(_stageIm);
        nuint quarter = (nuint)h;
        for (int start = 0; start < _half; start += 4 * h)
            for (int k = 0; k < h; k += 4)
            {
                nuint a = (nuint)(start + k), b = a + quarter, c = b + quarter, d = c + quarter;
                nuint w1 = (nuint)(h - 1 + k), w2 = (nuint)(2 * h - 1 + k);
                var ar = Vector256.LoadUnsafe(ref re, a); var ai = Vector256.LoadUnsafe(ref im, a);
                var br = Vector256.LoadUnsafe(ref re, b); var bi = Vector256.LoadUnsafe(ref im, b);
                var cr = Vector256.LoadUnsafe(ref re, c); var ci = Vector256.LoadUnsafe(ref im, c);
                var dr = Vector256.LoadUnsafe(ref re, d); var di = Vector256.LoadUnsafe(ref im, d);
                var wr = Vector256.LoadUnsafe(ref twRe, w1); var wi = Vector256.LoadUnsafe(ref twIm, w1);
                Butterfly(ref ar, ref ai, ref br, ref bi, wr, wi);
                Butterfly(ref cr, ref ci, ref dr, ref di, wr, wi);
                Butterfly(ref ar, ref ai, ref cr, ref ci, Vector256.LoadUnsafe(ref twRe, w2), Vector256.LoadUnsafe(ref twIm, w2));
                Butterfly(ref br, ref bi, ref dr, ref di, Vector256.LoadUnsafe(ref twRe, w2 + quarter), Vector256.LoadUnsafe(ref twIm, w2 + quarter));
                ar.StoreUnsafe(ref re, a); ai.StoreUnsafe(ref im, a);
                br.StoreUnsafe(ref re, b); bi.StoreUnsafe(ref im, b);
                cr.StoreUnsafe(ref re, c); ci.StoreUnsafe(ref im, c);
                dr.StoreUnsafe(ref re, d); di.StoreUnsafe(ref im, d);
            }
    }

    /// <summary><see cref="StagePair256"/> with two butterflies per vector.</summary>
    private void StagePair128(int h)
    {
        ref double re = ref MemoryMarshal.GetArrayDataReference(_re);
        ref double im = ref MemoryMarshal.GetArrayDataReference(_im);
        ref double twRe = ref MemoryMarshal.GetArrayDataReference(_stageRe);
        ref double twIm = ref MemoryMarshal.GetArrayDataReference(_stageIm);
        nuint quarter = (nuint)h;
        for (int start = 0; start < _half; start += 4 * h)
            for (int k = 0; k < h; k += 2)
            {
                nuint a = (nuint)(start + k), b = a + quarter, c = b + quarter, d = c + quarter;
                nuint w1 = (nuint)(h - 1 + k), w2 = (nuint)(2 * h - 1 + k);
                var ar = Vector128.LoadUnsafe(ref re, a); var ai = Vector128.LoadUnsafe(ref im, a);
                var br = Vector128.LoadUnsafe(ref re, b); var bi = Vector128.LoadUnsafe(ref im, b);
                var cr = Vector128.LoadUnsafe(ref re, c); var ci = Vector128.LoadUnsafe(ref im, c);
                var dr = Vector128.LoadUnsafe(ref re, d); var di = Vector128.LoadUnsafe(ref im, d);
                var wr = Vector128.LoadUnsafe(ref twRe, w1); var wi = Vector128.LoadUnsafe(ref twIm, w1);
                Butterfly(ref ar, ref ai, ref br, ref bi, wr, wi);
                Butterfly(ref cr, ref ci, ref dr, ref di, wr, wi);
                Butterfly(ref ar, ref ai, ref cr, ref ci, Vector128.LoadUnsafe(ref twRe, w2), Vector128.LoadUnsafe(ref twIm, w2));
                Butterfly(ref br, ref bi, ref dr, ref di, Vector128.LoadUnsafe(ref twRe, w2 + quarter), Vector128.LoadUnsafe(ref twIm, w2 + quarter));
                ar.StoreUnsafe(ref re, a); ai.StoreUnsafe(ref im, a);
                br.StoreUnsafe(ref re, b); bi.StoreUnsafe(ref im, b);
                cr.StoreUnsafe(ref re, c); ci.StoreUnsafe(ref im, c);
                dr.StoreUnsafe(ref re, d); di.StoreUnsafe(ref im, d);
            }
    }

    /// <summary>(a, b) ← (a + w·b, a − w·b), with the complex product as in <see cref="StageScalar"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(ref Vector256<double> ar, ref Vector256<double> ai, ref Vector256<double> br, ref Vector256<double> bi,
        Vector256<double> wr, Vector256<double> wi)
    {
        var tr = wr * br - wi * bi;
        var ti = wr * bi + wi * br;
        br = ar - tr;
        bi = ai - ti;
        ar += tr;
        ai += ti;
    }

    /// <summary>The 128-bit <see cref="Butterfly(ref Vector256{double}, ref Vector256{double}, ref Vector256{double}, ref Vector256{double}, Vector256{double}, Vector256{double})"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Butterfly(ref Vector128<double> ar, ref Vector128<double> ai, ref Vector128<double> br, ref Vector128<double> bi,
        Vector128<double> wr, Vector128<double> wi)
    {
        var tr = wr * br - wi * bi;
        var ti = wr * bi + wi * br;
        br = ar - tr;
        bi = ai - ti;
        ar += tr;
        ai += ti;
    }

    /// <summary>
    /// |X[k]|² for all bins. Bins 1..M-1 pair Z[k] with Z[M-k]; the vector paths load Z[M-k] as a
    /// block and reverse it in registers. Bins 0 and M (and any tail) use <see cref="Bin"/>.
    /// </summary>
    private void SplitPower(Span<double> power)
    {
        int k = 1;
        ref double re = ref MemoryMarshal.GetArrayDataReference(_re);
        ref double im = ref MemoryMarshal.GetArrayDataReference(_im);
        ref double wRe = ref MemoryMarshal.GetArrayDataReference(_splitRe);
        ref double wIm = ref MemoryMarshal.GetArrayDataReference(_splitIm);
        ref double output = ref MemoryMarshal.GetReference(power);
        Vector256<double> half = Vector256.Create(0.5), negativeHalf = Vector256.Create(-0.5);
        if (_width == SimdWidth.Vector256)
        {
            for (; k + 4 <= _half; k += 4)
            {
                nuint at = (nuint)k, mirror = (nuint)(_half - k - 3);
                var zr = Vector256.LoadUnsafe(ref re, at);
                var zi = Vector256.LoadUnsafe(ref im, at);
                var mr = Reverse(Vector256.LoadUnsafe(ref re, mirror));
                var mi = Reverse(Vector256.LoadUnsafe(ref im, mirror));
                var evenRe = half * (zr + mr);
                var evenIm = half * (zi - mi);
                var oddRe = half * (zi + mi);
                var oddIm = negativeHalf * (zr - mr);
                var wr = Vector256.LoadUnsafe(ref wRe, at);
                var wi = Vector256.LoadUnsafe(ref wIm, at);
                var xr = evenRe + wr * oddRe - wi * oddIm;
                var xi = evenIm + wr * oddIm + wi * oddRe;
                (xr * xr + xi * xi).StoreUnsafe(ref output, at);
            }
        }
        else if (_width == SimdWidth.Vector128)
        {
            Vector128<double> half128 = half.GetLower(), negativeHalf128 = negativeHalf.GetLower();
            for (; k + 2 <= _half; k += 2)
            {
                nuint at = (nuint)k, mirror = (nuint)(_half - k - 1);
                var zr = Vector128.LoadUnsafe(ref re, at);
                var zi = Vector128.LoadUnsafe(ref im, at);
                var mr = Reverse(Vector128.LoadUnsafe(ref re, mirror));
                var mi = Reverse(Vector128.LoadUnsafe(ref im, mirror));
                var evenRe = half128 * (zr + mr);
                var evenIm = half128 * (zi - mi);
                var oddRe = half128 * (zi + mi);
                var oddIm = negativeHalf128 * (zr - mr);
                var wr = Vector128.LoadUnsafe(ref wRe, at);
                var wi = Vector128.LoadUnsafe(ref wIm, at);
                var xr = evenRe + wr * oddRe - wi * oddIm;
                var xi = evenIm + wr * oddIm + wi * oddRe;
                (xr * xr + xi * xi).StoreUnsafe(ref output, at);
            }
        }
        for (; k < _half; k++) power[k] = BinPower(k);
        power[0] = BinPower(0);
        power[_half] = BinPower(_half);
    }

    private static Vector256<double> Reverse(Vector256<double> v) => Vector256.Shuffle(v, Vector256.Create(3L, 2L, 1L, 0L));

    private static Vector128<double> Reverse(Vector128<double> v) => Vector128.Shuffle(v, Vector128.Create(1L, 0L));

    private double BinPower(int k)
    {
        var (re, im) = Bin(k);
        return re * re + im * im;
    }

    /// <summary>
    /// Bin k of the real spectrum from the packed transform Z: with E = (Z[k] + conj Z[M-k]) / 2 (even
    /// samples) and O = (Z[k] - conj Z[M-k]) / 2i (odd samples), X[k] = E + e^{-2πik/N}·O.
    /// </summary>
    private (double Re, double Im) Bin(int k)
    {
        int a = k == _half ? 0 : k;
        int b = k == 0 ? 0 : _half - k;
        double zr = _re[a], zi = _im[a], mr = _re[b], mi = _im[b];
        double evenRe = 0.5 * (zr + mr), evenIm = 0.5 * (zi - mi);
        double oddRe = 0.5 * (zi + mi), oddIm = -0.5 * (zr - mr);
        double wr = _splitRe[k], wi = _splitIm[k];
        return (evenRe + wr * oddRe - wi * oddIm, evenIm + wr * oddIm + wi * oddRe);
    }

    private static uint ReverseBits(uint v)
    {
        v = ((v >> 1) & 0x55555555u) | ((v & 0x55555555u) << 1);
        v = ((v >> 2) & 0x33333333u) | ((v & 0x33333333u) << 2);
        v = ((v >> 4) & 0x0F0F0F0Fu) | ((v & 0x0F0F0F0Fu) << 4);
        v = ((v >> 8) & 0x00FF00FFu) | ((v & 0x00FF00FFu) << 8);
        return (v >> 16) | (v << 16);
    }
}
