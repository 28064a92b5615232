using static TorchSharp.torch;

namespace EdgeSound.Trainer.Models;

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
