namespace EdgeSound.Trainer.Metrics;

/// <summary>
/// One ROC curve per class (one-vs-rest) and the macro AUC, the plain mean of the per-class AUCs.
/// A class with no positives or no negatives in the evaluated set has no AUC (NaN) and is left out
/// of the mean.
/// </summary>
public sealed class OneVsRestRoc
{
    private OneVsRestRoc(RocCurve[] perClass, double macroAuc)
    {
        PerClass = perClass;
        MacroAuc = macroAuc;
    }

    /// <summary>The curve of each class, indexed by class.</summary>
    public IReadOnlyList<RocCurve> PerClass { get; }

    /// <summary>Mean AUC over classes that have one; NaN if none has.</summary>
    public double MacroAuc { get; }

    /// <summary>Builds all curves from class scores [sample, class] and true labels.</summary>
    public static OneVsRestRoc Compute(double[,] scores, ReadOnlySpan<int> truth)
    {
        int classCount = scores.GetLength(1);
        LabelChecks.SameNonZeroLength(truth.Length, scores.GetLength(0), "score rows");
        LabelChecks.InRange(truth, classCount, nameof(truth));
        var curves = new RocCurve[classCount];
        double sum = 0;
        int counted = 0;
        for (int c = 0; c < classCount; c++)
        {
            curves[c] = RocCurve.OneVsRest(scores, truth, c);
            if (double.IsNaN(curves[c].Auc)) continue;
            sum += curves[c].Auc;
            counted++;
        }
        return new OneVsRestRoc(curves, counted == 0 ? double.NaN : sum / counted);
    }
}
