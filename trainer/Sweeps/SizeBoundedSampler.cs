using System.Globalization;

namespace EdgeSound.Trainer.Sweeps;

/// <summary>
/// Draws a sweep's trials within a size budget (a device's model-file limit): trial <c>i</c> is
/// redrawn, each attempt from its own seeded stream, until its model has at most the allowed number
/// of trainable parameters. A trial whose first draw fits is the unbounded sweep's trial.
/// </summary>
public sealed class SizeBoundedSampler
{
    /// <summary>Draws tried per trial before the budget is called impossible for the sweep.</summary>
    public const int MaxAttempts = 1000;

    private readonly SweepSampler _sampler;
    private readonly long _maxTrainableParameters;
    private readonly Func<IReadOnlyDictionary<string, object>, long> _trainableParameters;

    /// <param name="sampler">The sweep's sampler.</param>
    /// <param name="maxTrainableParameters">The budget, at least 1.</param>
    /// <param name="trainableParameters">Counts the trainable parameters of the model a configuration describes.</param>
    public SizeBoundedSampler(SweepSampler sampler, long maxTrainableParameters, Func<IReadOnlyDictionary<string, object>, long> trainableParameters)
    {
        ArgumentNullException.ThrowIfNull(sampler);
        ArgumentNullException.ThrowIfNull(trainableParameters);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTrainableParameters, 1);
        _sampler = sampler;
        _maxTrainableParameters = maxTrainableParameters;
        _trainableParameters = trainableParameters;
    }

    /// <summary>The first draw for trial <paramref name="trialIndex"/> whose model fits the budget.</summary>
    /// <param name="trialIndex">1-based, as in the trial name.</param>
    /// <param name="sweepSource">Named in the error (the sweep file).</param>
    /// <exception cref="ArgumentException">No draw of <see cref="MaxAttempts"/> fits: the budget is too small for this sweep.</exception>
    public IReadOnlyDictionary<string, object> Sample(int trialIndex, string sweepSource)
    {
        long smallest = long.MaxValue;
        int attempts = _sampler.DrawsOneConfiguration ? 1 : MaxAttempts;
        for (int attempt = 0; attempt < attempts; attempt++)
        {
            var config = _sampler.Sample(trialIndex, attempt);
            long count = _trainableParameters(config);
            if (count <= _maxTrainableParameters) return config;
            smallest = Math.Min(smallest, count);
        }
        throw new ArgumentException(string.Create(CultureInfo.InvariantCulture,
            $"{sweepSource}: none of {attempts} draw(s) for trial {trialIndex} fits --max-parameters {_maxTrainableParameters} (the smallest had {smallest} trainable parameters). Raise the budget or leave this sweep out."));
    }
}
