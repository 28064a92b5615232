using EdgeSound.Trainer.Startup;
using TorchSharp;
using Xunit;

namespace EdgeSound.Trainer.Tests;

/// <summary>
/// Prepares libtorch once, as the trainer does: malloc tuning before the first tensor (the trainer's
/// Program), oneDNN off for its sporadic NaN (TrainingRuntime, before training), and one thread,
/// because the unit tests use tiny tensors and share two cores with other work (the timing report
/// uses two).
/// </summary>
public sealed class TorchSetup
{
    public TorchSetup()
    {
        NativeMemoryTuning.Apply();
        if (OneDnnKernels.Disable() is { } why) throw new InvalidOperationException($"Could not switch oneDNN off: {why}.");
        torch.set_num_threads(1);
    }
}

/// <summary>
/// Torch tests share the global RNG and thread pool, so they run one at a time in this collection.
/// </summary>
[CollectionDefinition(Name)]
public sealed class TorchCollection : ICollectionFixture<TorchSetup>
{
    public const string Name = "Torch";
}
