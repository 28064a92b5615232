namespace EdgeSound.Trainer.Metrics;

/// <summary>Fraction of samples whose predicted class equals the true class.</summary>
public static class Accuracy
{
    /// <summary>Accuracy in [0, 1].</summary>
    public static double Compute(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted)
    {
        LabelChecks.SameNonZeroLength(truth.Length, predicted.Length, "predictions");
        int correct = 0;
        for (int i = 0; i < truth.Length; i++)
        {
            if (truth[i] == predicted[i]) correct++;
        }
        return (double)correct / truth.Length;
    }
}
