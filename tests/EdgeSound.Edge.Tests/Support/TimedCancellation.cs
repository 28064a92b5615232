namespace EdgeSound.Edge.Tests.Support;

/// <summary>
/// A cancellation that fires after a delay from its own thread. <c>new CancellationTokenSource(delay)</c>
/// fires through the thread pool, which a two-core CI machine running blocking tests in parallel can
/// starve for over a second (seen in CI); tests that assert "cancellation ends the wait" need the
/// cancel to come when they say.
/// </summary>
internal sealed class TimedCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private readonly Thread _canceller;

    public TimedCancellation(TimeSpan after)
    {
        _canceller = new Thread(() =>
        {
            // Dispose sets the handle early, so a finished test does not leave the thread sleeping.
            if (!_source.Token.WaitHandle.WaitOne(after)) _source.Cancel();
        })
        { IsBackground = true, Name = "test cancellation" };
        _canceller.Start();
    }

    public CancellationToken Token => _source.Token;

    public bool IsCancellationRequested => _source.IsCancellationRequested;

    public void Dispose()
    {
        if (!_source.IsCancellationRequested) _source.Cancel();
        _canceller.Join();
        _source.Dispose();
    }
}
