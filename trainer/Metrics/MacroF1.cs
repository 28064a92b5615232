namespace EdgeSound.Trainer.Metrics;

/// <summary>
/// Unweighted mean of per-class F1. A class absent from both the truth and the predictions has no
/// F1 (0/0) and is left out of the mean rather than counted as 0 or 1, so scoring a single fold that
/// lacks a class does not distort the score. A class that is only predicted (or only true) scores 0
/// and is included.
/// </summary>
public static class MacroF1
{
    /// <summary>Macro F1 in [0, 1] over classes 0..classCount-1.</summary>
    public static double Compute(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int classCount) =>
        Compute(ConfusionMatrix.From(truth, predicted, classCount));

    /// <summary>Macro F1 of an existing confusion matrix.</summary>
    public static double Compute(ConfusionMatrix matrix)
    {
        double sum = 0;
        int scored = 0;
        for (int c = 0; c < matrix.ClassCount; c++)
        {
            double f1 = matrix.F1(c);
            if (double.IsNaN(f1)) continue;
            sum += f1;
            scored++;
        }
        return sum / scored; // scored >= 1: the matrix holds at least one sample.
    }
}
