using Microsoft.ML.OnnxRuntime;

namespace EdgeSound.Shared.Inference;

/// <summary>How ONNX Runtime runs a classifier. The defaults suit the device: one thread, every graph optimisation.</summary>
public sealed record OnnxClassifierOptions
{
    /// <summary>Threads ONNX Runtime may use inside one operator (default 1: the device's other stages need the rest of the CPU).</summary>
    public int IntraOpThreads { get; init; } = 1;

    /// <summary>
    /// Graph optimisation level (default ALL: at EXTENDED an int8 QDQ model runs about 4x slower on
    /// x86, see docs/PLATFORM-NOTES.md).
    /// </summary>
    public GraphOptimizationLevel OptimizationLevel { get; init; } = GraphOptimizationLevel.ORT_ENABLE_ALL;

    /// <summary>The defaults.</summary>
    public static OnnxClassifierOptions Default { get; } = new();

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> for a setting ONNX Runtime cannot use.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(IntraOpThreads, 1, nameof(IntraOpThreads));
        if (!Enum.IsDefined(OptimizationLevel))
            throw new ArgumentOutOfRangeException(nameof(OptimizationLevel), OptimizationLevel, "Unknown graph optimisation level.");
    }
}
