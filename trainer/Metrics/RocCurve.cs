namespace EdgeSound.Trainer.Metrics;

/// <summary>
/// A receiver operating characteristic: for each threshold (descending), the false and true positive
/// rates of "score &gt;= threshold". Samples with equal scores enter together as one step, so ties give a
/// diagonal segment (half credit) instead of an order-dependent staircase. The first point is (0, 0) at
/// threshold +∞; the last is (1, 1).
/// </summary>
public sealed class RocCurve
{
    private RocCurve(double[] thresholds, double[] fpr, double[] tpr, double auc)
    {
        Thresholds = thresholds;
        FalsePositiveRates = fpr;
        TruePositiveRates = tpr;
        Auc = auc;
    }

    /// <summary>Distinct score thresholds, strictly descending, starting with +∞.</summary>
    public IReadOnlyList<double> Thresholds { get; }

    /// <summary>False positive rate at each threshold.</summary>
    public IReadOnlyList<double> FalsePositiveRates { get; }

    /// <summary>True positive rate (recall) at each threshold.</summary>
    public IReadOnlyList<double> TruePositiveRates { get; }

    /// <summary>Area under the curve by the trapezoidal rule; NaN when there are no positives or no negatives.</summary>
    public double Auc { get; }

    /// <summary>Builds the curve from scores and binary labels (higher score = more positive).</summary>
    public static RocCurve Compute(ReadOnlySpan<double> scores, ReadOnlySpan<bool> isPositive)
    {
        if (scores.Length == 0) throw new ArgumentException("no samples: a ROC curve needs at least one score");
        if (scores.Length != isPositive.Length)
        {
            throw new ArgumentException($"{scores.Length} scores but {isPositive.Length} labels; they must pair up one to one");
        }

        int n = scores.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++)
        {
            if (double.IsNaN(scores[i])) throw new ArgumentException($"score[{i}] is NaN");
            order[i] = i;
        }
        var keys = scores.ToArray();
        Array.Sort(keys, order);
        Array.Reverse(order); // descending by score

        int positives = 0;
        foreach (bool p in isPositive) if (p) positives++;
        int negatives = n - positives;

        var thresholds = new List<double> { double.PositiveInfinity };
        var fpr = new List<double> { 0 };
        var tpr = new List<double> { 0 };
        int tp = 0, fp = 0;
        for (int k = 0; k < n;)
        {
            double threshold = scores[order[k]];
            // Take every sample with this exact score in one step.
            while (k < n && scores[order[k]] == threshold)
            {
                if (isPositive[order[k]]) tp++; else fp++;
                k++;
            }
            thresholds.Add(threshold);
            fpr.Add(negatives == 0 ? double.NaN : (double)fp / negatives);
            tpr.Add(positives == 0 ? double.NaN : (double)tp / positives);
        }

        double auc = positives == 0 || negatives == 0 ? double.NaN : Trapezoid(fpr, tpr);
        return new RocCurve(thresholds.ToArray(), fpr.ToArray(), tpr.ToArray(), auc);
    }

    /// <summary>
    /// One-vs-rest curve of class <paramref name="positiveClass"/>: column <paramref name="positiveClass"/>
    /// of <paramref name="scores"/> ([sample, class], e.g. softmax outputs) against "truth == class".
    /// </summary>
    public static RocCurve OneVsRest(double[,] scores, ReadOnlySpan<int> truth, int positiveClass)
    {
        if (scores.GetLength(0) != truth.Length)
        {
            throw new ArgumentException($"{scores.GetLength(0)} score rows but {truth.Length} labels; they must pair up one to one");
        }
        ArgumentOutOfRangeException.ThrowIfNegative(positiveClass);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(positiveClass, scores.GetLength(1));
        var column = new double[truth.Length];
        var positive = new bool[truth.Length];
        for (int i = 0; i < truth.Length; i++)
        {
            column[i] = scores[i, positiveClass];
            positive[i] = truth[i] == positiveClass;
        }
        return Compute(column, positive);
    }

    private static double Trapezoid(List<double> x, List<double> y)
    {
        double area = 0;
        for (int i = 1; i < x.Count; i++) area += (x[i] - x[i - 1]) * (y[i] + y[i - 1]) / 2;
        return area;
    }
}
