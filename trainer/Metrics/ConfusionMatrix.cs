namespace EdgeSound.Trainer.Metrics;

/// <summary>
/// Counts of (true class, predicted class) pairs: rows are the truth, columns the prediction,
/// so row sums are class supports and the diagonal holds the hits.
/// </summary>
public sealed class ConfusionMatrix
{
    private readonly int[,] _counts;

    private ConfusionMatrix(int[,] counts) => _counts = counts;

    /// <summary>Tallies <paramref name="truth"/> against <paramref name="predicted"/> for classes 0..classCount-1.</summary>
    public static ConfusionMatrix From(ReadOnlySpan<int> truth, ReadOnlySpan<int> predicted, int classCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(classCount, 1);
        LabelChecks.SameNonZeroLength(truth.Length, predicted.Length, "predictions");
        LabelChecks.InRange(truth, classCount, nameof(truth));
        LabelChecks.InRange(predicted, classCount, nameof(predicted));
        var counts = new int[classCount, classCount];
        for (int i = 0; i < truth.Length; i++) counts[truth[i], predicted[i]]++;
        return new ConfusionMatrix(counts);
    }

    /// <summary>Number of classes (rows and columns).</summary>
    public int ClassCount => _counts.GetLength(0);

    /// <summary>A copy of the counts, [truth, prediction].</summary>
    public int[,] Counts => (int[,])_counts.Clone();

    /// <summary>How many samples of class <paramref name="truth"/> were predicted as <paramref name="predicted"/>.</summary>
    public int this[int truth, int predicted] => _counts[truth, predicted];

    /// <summary>Total number of samples.</summary>
    public int Total
    {
        get
        {
            int sum = 0;
            foreach (int c in _counts) sum += c;
            return sum;
        }
    }

    /// <summary>True positives of class <paramref name="c"/> (the diagonal cell).</summary>
    public int TruePositives(int c) => _counts[c, c];

    /// <summary>Samples of other classes predicted as <paramref name="c"/> (column sum minus diagonal).</summary>
    public int FalsePositives(int c)
    {
        int sum = 0;
        for (int t = 0; t < ClassCount; t++) if (t != c) sum += _counts[t, c];
        return sum;
    }

    /// <summary>Samples of <paramref name="c"/> predicted as something else (row sum minus diagonal).</summary>
    public int FalseNegatives(int c)
    {
        int sum = 0;
        for (int p = 0; p < ClassCount; p++) if (p != c) sum += _counts[c, p];
        return sum;
    }

    /// <summary>Recall TP / (TP + FN) of class <paramref name="c"/>; NaN when the class never occurs in the truth.</summary>
    public double Recall(int c)
    {
        int support = TruePositives(c) + FalseNegatives(c);
        return support == 0 ? double.NaN : (double)TruePositives(c) / support;
    }

    /// <summary>Recall of every class (NaN for classes absent from the truth).</summary>
    public double[] PerClassRecall()
    {
        var recalls = new double[ClassCount];
        for (int c = 0; c < ClassCount; c++) recalls[c] = Recall(c);
        return recalls;
    }

    /// <summary>
    /// F1 = 2TP / (2TP + FP + FN) of class <paramref name="c"/>; NaN when the class is absent from both
    /// truth and prediction (0/0: nothing to score).
    /// </summary>
    public double F1(int c)
    {
        int denominator = 2 * TruePositives(c) + FalsePositives(c) + FalseNegatives(c);
        return denominator == 0 ? double.NaN : 2.0 * TruePositives(c) / denominator;
    }
}
