using EdgeSound.Trainer.Data;

namespace EdgeSound.Trainer.Study;

/// <summary>The protocol's one hard rule, checked before every model is trained: no test-fold clip
/// is trained on or used to choose anything.</summary>
public static class FoldGuard
{
    public static void AssertTestFoldIsolated(int testFold, IReadOnlyList<LoadedClip> train, IReadOnlyList<LoadedClip>? validation)
    {
        var leaked = train.Concat(validation ?? []).FirstOrDefault(c => c.Fold == testFold);
        if (leaked is not null)
            throw new InvalidOperationException($"Protocol violation: clip {leaked.Name} of test fold {testFold} reached training or validation.");
    }
}
