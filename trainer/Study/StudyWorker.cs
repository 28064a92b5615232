using EdgeSound.Trainer.Reports;
using EdgeSound.Trainer.Training;

namespace EdgeSound.Trainer.Study;

/// <summary>
/// The worker side of <c>study --workers N</c>: reads job keys one per line, trains each through
/// <see cref="StudyRunner.RunJob"/> and reports on <paramref name="output"/> in the
/// <see cref="WorkerProtocol"/>. Everything else it has to say goes to <paramref name="diagnostics"/>
/// (stderr, which the coordinator copies into the study log), so stdout carries protocol lines only.
/// </summary>
public sealed class StudyWorker(TextWriter output, TextWriter diagnostics) : IStudyObserver
{
    private string _key = "";

    /// <summary>Serves jobs until the input ends (exit code 0) or a job fails (its <c>failed</c> line is sent, exit code 1).</summary>
    public int Serve(StudyRunner runner, TextReader input, CancellationToken cancel)
    {
        while (input.ReadLine() is { } line)
        {
            cancel.ThrowIfCancellationRequested();
            _key = line.Trim();
            if (_key.Length == 0) continue;
            try
            {
                runner.RunJob(_key, cancel);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                diagnostics.WriteLine($"{_key} failed: {e}");
                Send(WorkerProtocol.Failed(_key, e.Message));
                return 1;
            }
            Send(WorkerProtocol.Done(_key));
        }
        return 0;
    }

    public void Say(string message) => diagnostics.WriteLine(message);

    public void ModelStarted(string label, int modelIndex, int modelCount, int epochs) => Send(WorkerProtocol.Started(_key, epochs, label));

    public void EpochFinished(string label, EpochStats stats) => Send(WorkerProtocol.Epoch(_key, stats));

    // The coordinator learns a job finished from the done line, sent once RunJob returns.
    public void ModelFinished(string label, FoldResult result, bool resumed) { }

    private void Send(string line)
    {
        output.WriteLine(line);
        output.Flush();
    }
}
