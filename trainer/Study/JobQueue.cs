namespace EdgeSound.Trainer.Study;

/// <summary>
/// Which job a free worker takes next: the first pending job, in plan order, whose dependencies are
/// all done. So a sweep's final starts as soon as its fold models are in, while other workers go on
/// with the next sweep's fold models.
/// </summary>
public sealed class JobQueue
{
    private readonly List<StudyJob> _pending;
    private readonly HashSet<string> _done;
    private readonly HashSet<string> _running = [];

    /// <param name="jobs">The plan, in order.</param>
    /// <param name="done">Keys already finished (found by their result.json).</param>
    /// <exception cref="ArgumentException">A job depends on a key that is not in the plan.</exception>
    public JobQueue(IReadOnlyList<StudyJob> jobs, IEnumerable<string> done)
    {
        _done = [.. done];
        _pending = jobs.Where(j => !_done.Contains(j.Key)).ToList();
        var known = jobs.Select(j => j.Key).ToHashSet();
        var dangling = jobs.SelectMany(j => j.DependsOn.Where(d => !known.Contains(d)).Select(d => (j.Key, d))).FirstOrDefault();
        if (dangling != default)
            throw new ArgumentException($"Job {dangling.Key} depends on {dangling.d}, which is not in the plan.");
    }

    /// <summary>No job is pending or running.</summary>
    public bool IsComplete => _pending.Count == 0 && _running.Count == 0;

    /// <summary>Jobs not yet handed out.</summary>
    public int PendingCount => _pending.Count;

    /// <summary>Hands out the next job that can start now, or false when every pending job still waits for a running one.</summary>
    public bool TryTake(out StudyJob job)
    {
        int index = _pending.FindIndex(j => j.DependsOn.All(_done.Contains));
        if (index < 0)
        {
            job = null!;
            return false;
        }
        job = _pending[index];
        _pending.RemoveAt(index);
        _running.Add(job.Key);
        return true;
    }

    /// <summary>A handed-out job finished.</summary>
    /// <exception cref="InvalidOperationException">The job was not handed out.</exception>
    public void MarkDone(string key)
    {
        if (!_running.Remove(key))
            throw new InvalidOperationException($"Job {key} finished but was not running.");
        _done.Add(key);
    }
}
