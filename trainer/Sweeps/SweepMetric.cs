namespace EdgeSound.Trainer.Sweeps;

/// <summary>Whether a sweep's metric is better when larger or smaller.</summary>
public enum MetricGoal
{
    /// <summary>Larger is better (accuracy).</summary>
    Maximize,

    /// <summary>Smaller is better (loss).</summary>
    Minimize,
}

/// <summary>The metric a sweep optimises, e.g. <c>val_acc</c> with goal maximize.</summary>
public sealed record SweepMetric(string Name, MetricGoal Goal)
{
    /// <summary>True when <paramref name="candidate"/> beats <paramref name="incumbent"/> under this goal.</summary>
    public bool IsBetter(double candidate, double incumbent) =>
        Goal == MetricGoal.Maximize ? candidate > incumbent : candidate < incumbent;
}
