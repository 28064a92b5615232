using TorchSharp;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Models;

/// <summary>Builds the model a <see cref="ModelSpec"/> describes.</summary>
public static class ModelFactory
{
    /// <summary>
    /// Validates <paramref name="spec"/> and builds the model, on <paramref name="device"/> if given
    /// (CPU otherwise). Returns logits [B, ClassCount] for input of <see cref="ModelSpec.InputShape"/>.
    /// </summary>
    public static nn.Module<Tensor, Tensor> Create(ModelSpec spec, Device? device = null)
    {
        spec.Validate();
        nn.Module<Tensor, Tensor> model = spec.Architecture switch
        {
            Architecture.Cnn => new CnnClassifier(spec),
            Architecture.CnnTransformer => new CnnTransformerClassifier(spec),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Architecture, "unknown architecture"),
        };
        return device is null ? model : model.to(device);
    }
}
