using static TorchSharp.torch;

namespace EdgeSound.Trainer.Models;

/// <summary>Trainable and non-trainable element counts of a model.</summary>
/// <param name="Trainable">Elements of parameters with requires_grad.</param>
/// <param name="NonTrainable">Elements of frozen parameters and of state buffers (BatchNorm running mean/var).</param>
public readonly record struct ParameterCount(long Trainable, long NonTrainable)
{
    /// <summary>Both together.</summary>
    public long Total => Trainable + NonTrainable;
}

/// <summary>Counts what a model stores, the way Keras's summary does.</summary>
public static class ParameterCounts
{
    // BatchNorm's step counter is bookkeeping, not model state the classifier computes with,
    // and the ONNX file will not carry it, so it is not counted.
    private const string BatchCounterName = "num_batches_tracked";

    /// <summary>Counts the elements of <paramref name="module"/>'s parameters and buffers, excluding num_batches_tracked.</summary>
    public static ParameterCount Of(nn.Module module)
    {
        long trainable = 0, nonTrainable = 0;
        foreach (var parameter in module.parameters())
        {
            if (parameter.requires_grad) trainable += parameter.numel();
            else nonTrainable += parameter.numel();
        }
        foreach (var (name, buffer) in module.named_buffers())
        {
            if (name == BatchCounterName || name.EndsWith("." + BatchCounterName, StringComparison.Ordinal)) continue;
            nonTrainable += buffer.numel();
        }
        return new ParameterCount(trainable, nonTrainable);
    }
}
