using System.Collections.Concurrent;
using System.Diagnostics;
using EdgeSound.Trainer.Reports;

namespace EdgeSound.Trainer.Study;

/// <summary>
/// <c>study --workers N</c>: trains a study's jobs in N worker processes, each free worker taking the
/// next job whose dependencies are done (<see cref="JobQueue"/>). Every model is seeded from its own
/// key and the study seed, so which worker trains it, and when, changes no number. A job that fails or
/// a worker that dies stops the study, naming the job; the other workers are killed, and their
/// unfinished models restart on <c>--resume</c> like any interrupted fold.
/// </summary>
/// <param name="jobs">The plan (<see cref="StudyRunner.Jobs"/>).</param>
/// <param name="workerStart">How to start one worker process (program and arguments); every worker starts the same way.</param>
/// <param name="workers">Processes to run at most.</param>
/// <param name="observer">Fed from the workers' lines, on the calling thread.</param>
/// <param name="log">The study log (must be thread-safe: workers' stderr is copied into it as it comes).</param>
/// <param name="studyLog">Path of the log, for error messages.</param>
public sealed class StudyCoordinator(IReadOnlyList<StudyJob> jobs, ProcessStartInfo workerStart, int workers,
    IStudyObserver observer, TextWriter log, string studyLog)
{
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(30);

    /// <summary>Returns when every job's result.json exists.</summary>
    /// <exception cref="InvalidOperationException">A job failed or a worker died (the message names the job).</exception>
    /// <exception cref="OperationCanceledException">Cancelled (Ctrl+C); the workers are killed.</exception>
    public void Run(CancellationToken cancel)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(workers, 1);
        var finished = new HashSet<string>();
        foreach (var job in jobs)
        {
            if (FoldResult.TryLoad(job.ResultPath) is not { } result) continue;
            finished.Add(job.Key);
            observer.ModelFinished(job.Label, result, resumed: true);
        }
        var queue = new JobQueue(jobs, finished);
        if (queue.IsComplete) return;

        var labels = jobs.ToDictionary(j => j.Key, j => j.Label);
        int started = finished.Count;
        using var events = new BlockingCollection<WorkerEvent>();
        var pool = new List<WorkerProcess>();
        bool succeeded = false;
        try
        {
            int count = Math.Min(workers, queue.PendingCount);
            for (int i = 1; i <= count; i++) pool.Add(WorkerProcess.Start(i, workerStart, events, log));
            observer.Say($"{count} worker processes (pids {string.Join(", ", pool.Select(w => w.ProcessId))}) train {queue.PendingCount} models.");
            HandOut(pool, queue);

            while (!queue.IsComplete)
            {
                var e = events.Take(cancel);
                var worker = e.Worker;
                switch (e.Message)
                {
                    case JobStarted s:
                        labels[s.Key] = s.Label;
                        observer.ModelStarted(s.Label, ++started, jobs.Count, s.Epochs);
                        break;
                    case JobEpoch epoch:
                        observer.EpochFinished(labels.GetValueOrDefault(epoch.Key, epoch.Key), epoch.Stats);
                        break;
                    case JobDone done:
                        var job = CurrentJobOf(worker, done.Key);
                        var result = FoldResult.TryLoad(job.ResultPath) ?? throw new InvalidOperationException(
                            $"Worker {worker.Number} reported {Describe(job)} done, but {job.ResultPath} does not exist.");
                        queue.MarkDone(job.Key);
                        worker.CurrentJob = null;
                        observer.ModelFinished(labels[job.Key], result, resumed: false);
                        HandOut(pool, queue);
                        break;
                    case JobFailed failed:
                        throw new InvalidOperationException(
                            $"Worker {worker.Number} failed on {Describe(CurrentJobOf(worker, failed.Key))}: {failed.Message.TrimEnd('.')}. {Afterwards}");
                    case null when worker.CurrentJob is { } unfinished:
                        throw new InvalidOperationException(
                            $"Worker {worker.Number} stopped ({ExitText(e.ExitCode)}) while training {Describe(unfinished)}{LastWords(worker)}. {Afterwards}");
                    case null when !worker.InputClosed:
                        throw new InvalidOperationException($"Worker {worker.Number} stopped ({ExitText(e.ExitCode)}) before it was given a job{LastWords(worker)}. {Afterwards}");
                    case null:
                        break; // told to stop: no work was left for it
                }
            }
            succeeded = true;
        }
        finally
        {
            foreach (var worker in pool)
            {
                if (succeeded) worker.Stop(ExitGrace);
                worker.Dispose(); // kills what still runs, after a failure or Ctrl+C
            }
        }
    }

    private string Afterwards => $"The other workers were stopped; finished models are kept (see {studyLog}). Fix the cause and continue with --resume.";

    /// <summary>Gives every idle worker the next job it can start; a worker with nothing left to wait for is told to stop.</summary>
    private static void HandOut(List<WorkerProcess> pool, JobQueue queue)
    {
        foreach (var worker in pool.Where(w => w.CurrentJob is null && !w.InputClosed))
        {
            if (queue.TryTake(out var job))
            {
                worker.CurrentJob = job;
                worker.Send(job.Key);
            }
            else if (queue.PendingCount == 0) worker.CloseInput();
        }
    }

    private static StudyJob CurrentJobOf(WorkerProcess worker, string key) =>
        worker.CurrentJob is { } job && job.Key == key
            ? job
            : throw new InvalidOperationException($"Worker {worker.Number} answered about job {key}, but it was given {worker.CurrentJob?.Key ?? "no job"}.");

    private static string Describe(StudyJob job) => $"{job.Label} (job {job.Key})";

    private static string ExitText(int? exitCode) => exitCode is { } code ? $"exit code {code}" : "no exit code";

    private static string LastWords(WorkerProcess worker) => worker.RecentErrors is { Length: > 0 } errors ? $"; its last output: {errors}" : "";
}
