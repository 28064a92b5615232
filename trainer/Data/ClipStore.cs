using System.Runtime.ExceptionServices;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Data;

namespace EdgeSound.Trainer.Data;

/// <summary>
/// Reads every clip of a dataset once, resampled to the model's rate, through the same shared
/// reader and resampler the device uses. ESC-10 at 16 kHz is ~130 MB of floats: it fits in memory,
/// and every epoch then costs no I/O.
/// </summary>
public sealed class ClipStore
{
    private ClipStore(DatasetIndex index, IReadOnlyList<LoadedClip> clips, int sampleRate)
    {
        Index = index;
        Clips = clips;
        SampleRate = sampleRate;
    }

    public DatasetIndex Index { get; }
    public IReadOnlyList<LoadedClip> Clips { get; }
    public int SampleRate { get; }
    public IReadOnlyList<string> Classes => Index.Classes;

    public IReadOnlyList<LoadedClip> InFolds(IReadOnlyCollection<int> folds) => Clips.Where(c => folds.Contains(c.Fold)).ToList();

    /// <summary>Loads and resamples every clip (in parallel); a bad file stops the load with its name.</summary>
    public static ClipStore Load(DatasetIndex index, int sampleRate, Action<int, int>? progress = null)
    {
        var loaded = new LoadedClip[index.Clips.Count];
        int done = 0;
        try
        {
            Parallel.For(0, loaded.Length, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, i =>
            {
                var record = index.Clips[i];
                loaded[i] = new LoadedClip(record, AudioFileLoader.Load(record.AudioPath, sampleRate));
                progress?.Invoke(Interlocked.Increment(ref done), loaded.Length);
            });
        }
        catch (AggregateException parallel)
        {
            // Parallel.For wraps the reader's own exception (which names the file); the command line
            // reports that one as a clear error instead of an unhandled AggregateException.
            ExceptionDispatchInfo.Throw(parallel.Flatten().InnerExceptions[0]);
        }
        return new ClipStore(index, loaded, sampleRate);
    }

    /// <summary>A store over clips already in memory (synthetic demo data, tests).</summary>
    public static ClipStore FromMemory(DatasetIndex index, IReadOnlyList<LoadedClip> clips, int sampleRate) => new(index, clips, sampleRate);
}
