using EdgeSound.Shared.Randomness;
namespace EdgeSound.Trainer.Sweeps;

/// <summary>
/// Draws trial configurations for a random-search sweep. Trial <c>i</c> gets its own random stream
/// derived from (seed, i), so a resumed sweep redraws exactly the configurations it would have drawn.
/// </summary>
public sealed class SweepSampler
{
    private readonly SweepDefinition _sweep;
    private readonly ulong _seed;

    /// <summary>Creates a sampler for <paramref name="sweep"/> with the sweep-wide <paramref name="seed"/>.</summary>
    public SweepSampler(SweepDefinition sweep, ulong seed)
    {
        _sweep = sweep;
        _seed = seed;
    }

    /// <summary>True when every parameter is a constant: every draw is the same configuration.</summary>
    public bool DrawsOneConfiguration => _sweep.Parameters.All(p => p is ConstantParameter);

    /// <summary>
    /// The configuration of trial <paramref name="trialIndex"/> (1-based, matching the trial name),
    /// in the parameter order of the sweep file. Values are double, long or string.
    /// </summary>
    public IReadOnlyDictionary<string, object> Sample(int trialIndex) => Sample(trialIndex, attempt: 0);

    /// <summary>
    /// Another draw for trial <paramref name="trialIndex"/> when an earlier one was refused (too large a
    /// model): attempt 0 is <see cref="Sample(int)"/>; each later attempt has its own random stream.
    /// </summary>
    public IReadOnlyDictionary<string, object> Sample(int trialIndex, int attempt)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(trialIndex, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(attempt);
        ulong stream = SplitMix64.Mix(_seed, (ulong)trialIndex);
        var rng = new SplitMix64(attempt == 0 ? stream : SplitMix64.Mix(stream, (ulong)attempt));
        var config = new OrderedDictionary<string, object>(_sweep.Parameters.Count, StringComparer.Ordinal);
        foreach (var parameter in _sweep.Parameters)
        {
            config.Add(parameter.Name, parameter.Sample(rng));
        }
        return new System.Collections.ObjectModel.ReadOnlyDictionary<string, object>(config);
    }
}
