namespace EdgeSound.Trainer.Quantization;

/// <summary>Turns a tensor's calibration statistics into the range it is quantised over.</summary>
public static class RangeEstimator
{
    /// <summary>The percentile of |x| the <see cref="CalibrationMethod.Percentile"/> method clips at by default.</summary>
    public const double DefaultPercentile = 99.99;

    /// <summary>The range for <paramref name="statistics"/> by <paramref name="method"/>.</summary>
    public static ActivationRange Estimate(TensorStatistics statistics, CalibrationMethod method, double percentile = DefaultPercentile)
    {
        if (statistics.Count == 0) return new ActivationRange(0, 0);
        return method switch
        {
            CalibrationMethod.MinMax => new ActivationRange(statistics.Min, statistics.Max),
            CalibrationMethod.Percentile => Clip(statistics, statistics.AbsPercentile(percentile)),
            CalibrationMethod.Entropy => Clip(statistics, EntropyThreshold(statistics)),
            _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
        };
    }

    /// <summary>The observed range with both ends clipped to ±<paramref name="threshold"/>.</summary>
    private static ActivationRange Clip(TensorStatistics s, double threshold)
    {
        float t = (float)threshold;
        return new ActivationRange(Math.Max(s.Min, -t), Math.Min(s.Max, t));
    }

    /// <summary>
    /// TensorRT's entropy calibration on the |x| histogram: for every candidate threshold (a bin
    /// edge), fold the tail into the last kept bin (P), squeeze the kept bins into as many levels as
    /// the 8-bit code has for one sign (Q, spread back over the non-empty bins), and keep the
    /// threshold with the smallest KL(P||Q). Written here because no .NET library offers it.
    /// </summary>
    public static double EntropyThreshold(TensorStatistics s)
    {
        var bins = s.Bins;
        int used = bins.Length;
        while (used > 0 && bins[used - 1] == 0) used--;
        // A non-negative tensor (e.g. after ReLU) gets all 256 levels; a signed one about half per sign.
        int levels = s.Min >= 0 ? 255 : 128;
        if (used <= levels) return s.MaxAbs;

        var p = new double[used];
        var q = new double[used];
        double bestDivergence = double.PositiveInfinity;
        int bestKept = used;
        for (int kept = levels; kept <= used; kept++)
        {
            long tail = 0;
            for (int i = kept; i < used; i++) tail += bins[i];
            for (int i = 0; i < kept; i++) p[i] = bins[i];
            p[kept - 1] += tail;

            for (int level = 0; level < levels; level++)
            {
                int start = (int)((long)level * kept / levels), end = (int)((long)(level + 1) * kept / levels);
                long sum = 0;
                int nonEmpty = 0;
                for (int i = start; i < end; i++)
                {
                    sum += bins[i];
                    if (bins[i] != 0) nonEmpty++;
                }
                double share = nonEmpty == 0 ? 0 : (double)sum / nonEmpty;
                for (int i = start; i < end; i++) q[i] = bins[i] != 0 ? share : 0;
            }
            double divergence = KullbackLeibler(p.AsSpan(0, kept), q.AsSpan(0, kept));
            if (divergence < bestDivergence)
            {
                bestDivergence = divergence;
                bestKept = kept;
            }
        }
        return Math.Min(bestKept * s.BinWidth, s.MaxAbs);
    }

    private static double KullbackLeibler(ReadOnlySpan<double> p, ReadOnlySpan<double> q)
    {
        double pSum = 0, qSum = 0;
        for (int i = 0; i < p.Length; i++) { pSum += p[i]; qSum += q[i]; }
        if (pSum == 0 || qSum == 0) return double.PositiveInfinity;
        // Where P has mass and Q none (the folded tail bin can be such a place), a small floor keeps KL finite, as TensorRT smooths.
        const double floor = 1e-10;
        double divergence = 0;
        for (int i = 0; i < p.Length; i++)
        {
            if (p[i] == 0) continue;
            double pi = p[i] / pSum, qi = Math.Max(q[i] / qSum, floor);
            divergence += pi * Math.Log(pi / qi);
        }
        return divergence;
    }
}
