using System.Runtime.InteropServices;
using EdgeSound.Trainer.Study;
using Xunit;

namespace EdgeSound.Trainer.Tests.Study;

public class LibTorchRetryTests
{
    private static readonly ExternalException NativeFailure =
        new("Expected false to be true, but got false.\nException raised from toLong at /pytorch/c10/core/Scalar.h:140");

    [Fact]
    public void A_model_that_libtorch_fails_once_is_trained_again_and_the_failure_is_told()
    {
        int attempts = 0;
        var said = new List<string>();

        int result = LibTorchRetry.Once("arch1/rural-sweep-4 fold 3", () => ++attempts == 1 ? throw NativeFailure : 42, said.Add);

        Assert.Equal(42, result);
        Assert.Equal(2, attempts);
        var message = Assert.Single(said);
        Assert.Equal("arch1/rural-sweep-4 fold 3: libtorch failed (Expected false to be true, but got false.); training it again from the start.", message);
    }

    [Fact]
    public void A_second_libtorch_failure_is_not_retried()
    {
        int attempts = 0;

        var thrown = Assert.Throws<ExternalException>(() => LibTorchRetry.Once<int>("m", () => { attempts++; throw NativeFailure; }, _ => { }));

        Assert.Same(NativeFailure, thrown);
        Assert.Equal(2, attempts);
    }

    [Fact]
    public void Other_failures_and_cancellation_are_not_retried()
    {
        int attempts = 0;
        var said = new List<string>();

        Assert.Throws<InvalidOperationException>(() => LibTorchRetry.Once<int>("m", () => { attempts++; throw new InvalidOperationException("bad data"); }, said.Add));
        Assert.Throws<OperationCanceledException>(() => LibTorchRetry.Once<int>("m", () => { attempts++; throw new OperationCanceledException(); }, said.Add));

        Assert.Equal(2, attempts);
        Assert.Empty(said);
    }

    [Fact]
    public void A_model_that_trains_at_the_first_attempt_runs_once()
    {
        int attempts = 0;
        var said = new List<string>();

        Assert.Equal(7, LibTorchRetry.Once("m", () => { attempts++; return 7; }, said.Add));

        Assert.Equal(1, attempts);
        Assert.Empty(said);
    }
}
