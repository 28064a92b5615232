namespace EdgeSound.Trainer.Training;

/// <summary>Clip-level predictions: the mean of each clip's window probabilities.</summary>
public sealed record ClipPredictions(IReadOnlyList<string> ClipNames, int[] Truth, float[] Probabilities, int ClassCount)
{
    public int Count => Truth.Length;

    public ReadOnlySpan<float> ProbabilitiesOf(int clip) => Probabilities.AsSpan(clip * ClassCount, ClassCount);

    public int[] Predicted()
    {
        var predicted = new int[Count];
        for (int i = 0; i < Count; i++) predicted[i] = EdgeSound.Shared.Windowing.ClipAggregator.ArgMax(ProbabilitiesOf(i));
        return predicted;
    }

    /// <summary>Fraction of clips whose arg-max is the truth.</summary>
    public double Accuracy() => Count == 0 ? 0 : Metrics.Accuracy.Compute(Truth, Predicted());

    /// <summary>Mean negative log of the clip-level probability of the true class.</summary>
    public double Loss()
    {
        double sum = 0;
        for (int i = 0; i < Count; i++) sum -= Math.Log(Math.Max(ProbabilitiesOf(i)[Truth[i]], 1e-7f));
        return Count == 0 ? 0 : sum / Count;
    }
}
