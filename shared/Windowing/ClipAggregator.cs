namespace EdgeSound.Shared.Windowing;

/// <summary>
/// Turns per-window model probabilities into one clip decision: the mean of the
/// windows' probabilities as the clip score, and the arg-max as the predicted class. Allocates nothing.
/// </summary>
public static class ClipAggregator
{
    /// <summary>
    /// Writes the clip score, the mean over windows of each class's probability, into <paramref name="dest"/>.
    /// </summary>
    /// <param name="windowProbs">Row-major [window, class] probabilities.</param>
    /// <param name="windowCount">Windows, at least 1.</param>
    /// <param name="classCount">Classes, at least 1.</param>
    /// <param name="dest">Exactly <paramref name="classCount"/> values.</param>
    public static void MeanProbabilities(ReadOnlySpan<float> windowProbs, int windowCount, int classCount, Span<float> dest)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(windowCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        if (windowProbs.Length != windowCount * classCount)
            throw new ArgumentException($"Expected {windowCount}x{classCount} = {windowCount * classCount} probabilities, got {windowProbs.Length}.", nameof(windowProbs));
        if (dest.Length != classCount)
            throw new ArgumentException($"Destination holds {dest.Length} values; {classCount} classes need {classCount}.", nameof(dest));

        for (var c = 0; c < classCount; c++)
        {
            // Sum in double so a long clip's mean does not depend on window order.
            var sum = 0.0;
            for (var w = 0; w < windowCount; w++)
                sum += windowProbs[w * classCount + c];
            dest[c] = (float)(sum / windowCount);
        }
    }

    /// <summary>Index of the largest value; the lowest index wins ties.</summary>
    /// <exception cref="ArgumentException">The span is empty or holds NaN (a broken model or broken features).</exception>
    public static int ArgMax(ReadOnlySpan<float> values)
    {
        if (values.IsEmpty) throw new ArgumentException("No values to choose from.", nameof(values));
        var best = 0;
        for (var i = 0; i < values.Length; i++)
        {
            if (float.IsNaN(values[i]))
                throw new ArgumentException($"Value {i} is NaN; the scores are broken.", nameof(values));
            if (values[i] > values[best]) best = i;
        }
        return best;
    }
}
