namespace EdgeSound.Trainer.Data;

/// <summary>
/// FilterAugment, linear type (Nam et al., ICASSP 2022): a random frequency response applied to a
/// log-mel window, as if the sound had reached another microphone at another distance. A few knots
/// at random mel positions (both band edges always among them) get random gains; the gain of every
/// mel band in between is interpolated linearly, in dB. Written here because it is a dozen lines on
/// our own mel-major layout; no served library does it on that.
/// </summary>
public static class FilterAugment
{
    /// <summary>Bands between knots: 2 to 5, the paper's range.</summary>
    public const int MinBands = 2, MaxBands = 5;

    /// <summary>
    /// Adds a random response of at most <paramref name="maxGainDb"/> dB either way to every mel band
    /// of <paramref name="melMajor"/> ([mels, frames], natural log of power, as the shared extractor writes).
    /// </summary>
    public static void Apply(Span<float> melMajor, int mels, int frames, double maxGainDb, Random random)
    {
        if (melMajor.Length != mels * frames)
            throw new ArgumentException($"A window of {mels} mels x {frames} frames holds {mels * frames} values, got {melMajor.Length}.", nameof(melMajor));
        if (!(maxGainDb >= 0) || double.IsInfinity(maxGainDb))
            throw new ArgumentOutOfRangeException(nameof(maxGainDb), maxGainDb, "The largest gain must be a finite number of dB >= 0.");
        if (maxGainDb == 0 || mels < 2) return;

        int bands = random.Next(MinBands, MaxBands + 1);
        Span<double> knots = stackalloc double[bands + 1];
        Span<double> gainsDb = stackalloc double[bands + 1];
        knots[0] = 0;
        knots[bands] = mels - 1;
        for (int k = 1; k < bands; k++) knots[k] = random.NextDouble() * (mels - 1);
        knots.Sort();
        for (int k = 0; k <= bands; k++) gainsDb[k] = (random.NextDouble() * 2 - 1) * maxGainDb;

        // A power gain of g dB multiplies the mel power by 10^(g/10): ln adds g·ln(10)/10.
        double lnPerDb = Math.Log(10) / 10;
        int segment = 0;
        for (int m = 0; m < mels; m++)
        {
            while (segment < bands - 1 && m > knots[segment + 1]) segment++;
            double left = knots[segment], right = knots[segment + 1];
            double t = right > left ? Math.Clamp((m - left) / (right - left), 0, 1) : 0;
            float offset = (float)(((1 - t) * gainsDb[segment] + t * gainsDb[segment + 1]) * lnPerDb);
            foreach (ref var v in melMajor.Slice(m * frames, frames)) v += offset;
        }
    }
}
