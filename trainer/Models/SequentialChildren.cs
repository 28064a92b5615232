using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Models;

/// <summary>
/// Typed access to the layers inside a named <see cref="Sequential"/>. Models keep only the
/// Sequential as a field (a second field holding the same layer would register it twice), and
/// expose each layer through these look-ups.
/// </summary>
internal static class SequentialChildren
{
    /// <summary>The child called <paramref name="name"/>, as <typeparamref name="T"/>.</summary>
    public static T Child<T>(this Sequential sequential, string name) where T : nn.Module
    {
        foreach (var (childName, module) in sequential.named_children())
            if (childName == name) return (T)module;
        throw new KeyNotFoundException($"Sequential '{sequential.GetName()}' has no layer '{name}'.");
    }

    /// <summary>All children, in order, as <typeparamref name="T"/>.</summary>
    public static IReadOnlyList<T> Children<T>(this Sequential sequential) where T : nn.Module =>
        sequential.named_children().Select(c => (T)c.module).ToArray();
}
