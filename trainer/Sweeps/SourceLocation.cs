namespace EdgeSound.Trainer.Sweeps;

/// <summary>Where something was written in a sweep file (1-based line and column).</summary>
public readonly record struct SourceLocation(long Line, long Column)
{
    /// <inheritdoc />
    public override string ToString() => $"{Line}:{Column}";
}
