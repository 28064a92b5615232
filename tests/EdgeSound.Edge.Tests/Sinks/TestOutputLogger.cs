using Microsoft.Extensions.Logging;
using Xunit.Abstractions;

namespace EdgeSound.Edge.Tests.Sinks;

/// <summary>Sends a sink's log to the test's output, so a failing test shows what the sink went through.</summary>
internal sealed class TestOutputLogger(ITestOutputHelper output) : ILogger
{
    private readonly DateTime _start = DateTime.UtcNow;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        try
        {
            output.WriteLine($"{(DateTime.UtcNow - _start).TotalMilliseconds,7:0} ms {logLevel}: {formatter(state, exception)}");
        }
        catch (InvalidOperationException)
        {
            // The test has finished; a late background log line has nowhere to go.
        }
    }
}
