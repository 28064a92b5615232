using EdgeSound.Shared.Randomness;
namespace EdgeSound.Trainer.Sweeps;

/// <summary>
/// One entry under <c>parameters:</c>. Values are <see cref="double"/>, <see cref="long"/> or
/// <see cref="string"/>, so a configuration can be printed, compared and stored without a schema.
/// </summary>
public abstract record SweepParameter(string Name, SourceLocation Location)
{
    /// <summary>Draws one value. Constants draw nothing, so they never shift the random stream.</summary>
    public abstract object Sample(SplitMix64 rng);
}

/// <summary><c>value: x</c>: the same value in every trial.</summary>
public sealed record ConstantParameter(string Name, SourceLocation Location, object Value) : SweepParameter(Name, Location)
{
    /// <inheritdoc />
    public override object Sample(SplitMix64 rng) => Value;
}

/// <summary><c>values: [a, b, c]</c>: one of the listed values, each equally likely.</summary>
public sealed record CategoricalParameter(string Name, SourceLocation Location, IReadOnlyList<object> Values) : SweepParameter(Name, Location)
{
    /// <inheritdoc />
    public override object Sample(SplitMix64 rng) => Values[(int)rng.NextBelow((ulong)Values.Count)];
}

/// <summary><c>distribution: uniform</c>: a double uniform in [min, max).</summary>
public sealed record UniformParameter(string Name, SourceLocation Location, double Min, double Max) : SweepParameter(Name, Location)
{
    /// <inheritdoc />
    public override object Sample(SplitMix64 rng) => Min + (Max - Min) * rng.NextDouble();
}

/// <summary><c>distribution: int_uniform</c>: an integer uniform in [min, max], both ends included (as W&amp;B).</summary>
public sealed record IntUniformParameter(string Name, SourceLocation Location, long Min, long Max) : SweepParameter(Name, Location)
{
    /// <inheritdoc />
    public override object Sample(SplitMix64 rng) => Min + (long)rng.NextBelow((ulong)(Max - Min) + 1);
}

/// <summary>
/// <c>distribution: log_uniform_values</c>: log(value) uniform between log(min) and log(max), so each
/// decade is equally likely (learning rates, weight decay).
/// </summary>
public sealed record LogUniformValuesParameter(string Name, SourceLocation Location, double Min, double Max) : SweepParameter(Name, Location)
{
    /// <inheritdoc />
    public override object Sample(SplitMix64 rng)
    {
        double logMin = Math.Log(Min);
        return Math.Exp(logMin + (Math.Log(Max) - logMin) * rng.NextDouble());
    }
}

/// <summary>
/// <c>distribution: q_uniform</c>: round(uniform(min, max) / q) * q, as W&amp;B defines it. The result is
/// a <see cref="long"/> when min, max and q are all integers (e.g. fc_size in steps of 32), else a double.
/// </summary>
public sealed record QUniformParameter(string Name, SourceLocation Location, double Min, double Max, double Q, bool IsInteger) : SweepParameter(Name, Location)
{
    /// <inheritdoc />
    public override object Sample(SplitMix64 rng)
    {
        double value = Math.Round((Min + (Max - Min) * rng.NextDouble()) / Q, MidpointRounding.ToEven) * Q;
        // Re-round so 0.1-steps print as 0.3, not 0.30000000000000004.
        return IsInteger ? (object)(long)Math.Round(value) : Math.Round(value, 12);
    }
}
