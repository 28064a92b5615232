namespace EdgeSound.Trainer.Sweeps;

/// <summary>A parsed random-search sweep: its name, the metric to optimise and the parameter space in file order.</summary>
public sealed record SweepDefinition(
    string SourcePath,
    string? Name,
    string Method,
    SweepMetric Metric,
    IReadOnlyList<SweepParameter> Parameters);
