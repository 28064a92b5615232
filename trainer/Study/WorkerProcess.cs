using System.Collections.Concurrent;
using System.Diagnostics;

namespace EdgeSound.Trainer.Study;

/// <summary>Something a worker process did: sent a protocol line, or ended (its stdout closed).</summary>
public sealed record WorkerEvent(WorkerProcess Worker, WorkerMessage? Message, int? ExitCode = null)
{
    public bool Exited => Message is null;
}

/// <summary>
/// One worker process of the coordinator: its stdin takes job keys; its stdout lines become
/// <see cref="WorkerEvent"/>s on a queue the coordinator reads on one thread; its stderr goes to the
/// study log (and the last lines are kept to explain a crash).
/// </summary>
public sealed class WorkerProcess : IDisposable
{
    private const int KeptErrorLines = 6;
    private readonly Process _process;
    private readonly Task _stdout, _stderr;
    private readonly Queue<string> _recentErrors = new();
    private bool _inputClosed;

    private WorkerProcess(int number, Process process, BlockingCollection<WorkerEvent> events, TextWriter log)
    {
        Number = number;
        _process = process;
        _stderr = Task.Factory.StartNew(() => PumpErrors(log), TaskCreationOptions.LongRunning);
        _stdout = Task.Factory.StartNew(() => PumpOutput(events, log), TaskCreationOptions.LongRunning);
    }

    /// <summary>1-based, for messages.</summary>
    public int Number { get; }

    public int ProcessId => _process.Id;

    /// <summary>The job this worker trains now, null when idle (the coordinator sets it).</summary>
    public StudyJob? CurrentJob { get; set; }

    /// <summary>True once the coordinator has no more work for it: its exit is then expected.</summary>
    public bool InputClosed => _inputClosed;

    /// <summary>The worker's last stderr lines, joined, or "" (to say why it died).</summary>
    public string RecentErrors
    {
        get { lock (_recentErrors) return string.Join(" | ", _recentErrors); }
    }

    /// <summary>Starts a worker; <paramref name="start"/> names the program and arguments (streams are redirected here).</summary>
    public static WorkerProcess Start(int number, ProcessStartInfo start, BlockingCollection<WorkerEvent> events, TextWriter log)
    {
        start.UseShellExecute = false;
        start.RedirectStandardInput = start.RedirectStandardOutput = start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start worker {number}: {start.FileName}.");
        return new WorkerProcess(number, process, events, log);
    }

    public void Send(string key)
    {
        try
        {
            _process.StandardInput.WriteLine(key);
            _process.StandardInput.Flush();
        }
        catch (IOException) { } // it died first: its exit, which the coordinator is told of next, says what happened
    }

    /// <summary>Ends its input: the worker exits once its current job is done.</summary>
    public void CloseInput()
    {
        if (_inputClosed) return;
        _inputClosed = true;
        try { _process.StandardInput.Close(); }
        catch (IOException) { } // it has already gone: nothing left to tell it
    }

    /// <summary>Waits for a worker that was told to stop; kills it if it does not.</summary>
    public void Stop(TimeSpan grace)
    {
        CloseInput();
        if (!_process.WaitForExit(grace)) Kill();
    }

    public void Kill()
    {
        try { _process.Kill(entireProcessTree: true); }
        catch (InvalidOperationException) { } // already exited
    }

    public void Dispose()
    {
        Kill();
        _process.WaitForExit(TimeSpan.FromSeconds(10));
        Task.WaitAll([_stdout, _stderr], TimeSpan.FromSeconds(10));
        _process.Dispose();
    }

    private void PumpOutput(BlockingCollection<WorkerEvent> events, TextWriter log)
    {
        try
        {
            while (_process.StandardOutput.ReadLine() is { } line)
            {
                if (WorkerProtocol.Parse(line) is { } message) Post(events, new WorkerEvent(this, message));
                else log.WriteLine($"[worker {Number}] {line}");
            }
        }
        catch (IOException) { } // a broken pipe is an ending like any other
        finally
        {
            // Stdout closed: the process is ending. Let stderr drain first, so a crash's last words are in RecentErrors.
            _stderr.Wait(TimeSpan.FromSeconds(10));
            int? exitCode = _process.WaitForExit(TimeSpan.FromSeconds(10)) ? _process.ExitCode : null;
            Post(events, new WorkerEvent(this, null, exitCode));
        }
    }

    private void PumpErrors(TextWriter log)
    {
        try
        {
            while (_process.StandardError.ReadLine() is { } line)
            {
                log.WriteLine($"[worker {Number}] {line}");
                lock (_recentErrors)
                {
                    _recentErrors.Enqueue(line);
                    if (_recentErrors.Count > KeptErrorLines) _recentErrors.Dequeue();
                }
            }
        }
        catch (IOException) { }
    }

    private static void Post(BlockingCollection<WorkerEvent> events, WorkerEvent e)
    {
        // The coordinator stops listening once the study ends or fails; later lines have no reader.
        try { events.Add(e); }
        catch (ObjectDisposedException) { }
        catch (InvalidOperationException) { }
    }
}
