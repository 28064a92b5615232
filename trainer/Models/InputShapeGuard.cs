using EdgeSound.Shared.Models;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Models;

/// <summary>Fails early, with the expected shape, when a batch does not match the spec's geometry.</summary>
internal static class InputShapeGuard
{
    public static void Check(ModelSpec spec, Tensor input, string modelName)
    {
        long[] expected = spec.InputShape(input.shape.Length > 0 ? input.shape[0] : -1);
        if (!input.shape.SequenceEqual(expected))
            throw new ArgumentException(
                $"{modelName} expects input [B, {string.Join(", ", expected.Skip(1))}] for {spec.InputKind}, got [{string.Join(", ", input.shape)}].",
                nameof(input));
    }
}
