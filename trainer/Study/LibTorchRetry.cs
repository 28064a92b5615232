using System.Runtime.InteropServices;

namespace EdgeSound.Trainer.Study;

/// <summary>
/// Trains a model a second time when libtorch fails inside the first attempt. Such failures come
/// from the native side, not from the model: the device-budget study lost a worker at epoch 59 of
/// an arch1 fold to a check in BatchNorm's batch counter ("Expected false to be true" from
/// <c>Scalar::toLong</c>), which passed on the rerun. A model is seeded and restarts from nothing,
/// so the second attempt gives what an undisturbed first one would have; a second failure is real.
/// </summary>
public static class LibTorchRetry
{
    /// <summary>Runs <paramref name="train"/>; when libtorch throws, says so through <paramref name="say"/> and runs it once more.</summary>
    public static T Once<T>(string label, Func<T> train, Action<string> say)
    {
        ArgumentNullException.ThrowIfNull(train);
        ArgumentNullException.ThrowIfNull(say);
        try
        {
            return train();
        }
        catch (ExternalException e)
        {
            say($"{label}: libtorch failed ({FirstLine(e.Message)}); training it again from the start.");
            return train();
        }
    }

    private static string FirstLine(string message)
    {
        int end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).Trim();
    }
}
