using TorchSharp;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Training;

/// <summary>
/// An exponential moving average of a model's weights and BatchNorm statistics, updated after every
/// optimiser step (Polyak averaging as in timm's ModelEmaV2 and TensorFlow's ExponentialMovingAverage,
/// which TorchSharp does not ship). The average of the late, noisy steps of a small model trained on
/// heavily augmented batches is often a better model than the last step. Integer buffers (BatchNorm's
/// batch counter) are copied, not averaged. It only reads the live weights until <see cref="CopyInto"/>
/// or <see cref="Swap"/>, so it never changes how the model trains.
/// </summary>
public sealed class WeightAverage : IDisposable
{
    private readonly (Tensor Live, Tensor Average)[] _pairs;
    private readonly double _decay;
    private long _updates;

    /// <param name="model">The model whose live tensors are averaged (its parameters and buffers).</param>
    /// <param name="decay">Weight of the old average per update, in [0, 1); 0.999 averages over about 1000 steps.</param>
    public WeightAverage(nn.Module model, double decay)
    {
        if (!(decay >= 0 && decay < 1)) throw new ArgumentOutOfRangeException(nameof(decay), decay, "The decay must be in [0, 1).");
        _decay = decay;
        var live = model.named_parameters().Select(p => (Tensor)p.parameter).Concat(model.named_buffers().Select(b => b.buffer));
        _pairs = live.Select(t => (t, t.detach().clone().DetachFromDisposeScope())).ToArray();
    }

    /// <summary>
    /// The decay used for the next update: it grows as (1 + n) / (10 + n) towards the set decay, so the
    /// random initial weights do not linger in the average of a short run.
    /// </summary>
    public double DecayAt(long updates) => Math.Min(_decay, (1.0 + updates) / (10.0 + updates));

    /// <summary>Folds the live weights into the average (call after each optimiser step).</summary>
    public void Update()
    {
        double decay = DecayAt(_updates++);
        using var noGrad = no_grad();
        foreach (var (live, average) in _pairs)
        {
            if (live.is_floating_point()) average.mul_(decay).add_(live, alpha: 1 - decay);
            else average.copy_(live);
        }
    }

    /// <summary>Writes the average into the model (the weights a trained model keeps).</summary>
    public void CopyInto()
    {
        using var noGrad = no_grad();
        foreach (var (live, average) in _pairs) live.copy_(average);
    }

    /// <summary>
    /// Exchanges the model's live weights and the average; a second call undoes it. Lets a model be
    /// scored with its averaged weights during training and then go on training from its own.
    /// </summary>
    public void Swap()
    {
        using var noGrad = no_grad();
        foreach (var (live, average) in _pairs)
        {
            using var held = live.clone();
            live.copy_(average);
            average.copy_(held);
        }
    }

    public void Dispose()
    {
        foreach (var (_, average) in _pairs) average.Dispose();
    }
}
