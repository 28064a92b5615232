using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Dsp;
using EdgeSound.Shared.Windowing;

namespace EdgeSound.Shared.Inference;

/// <summary>
/// Scores a whole recorded clip the way the trainer evaluates and the device classifies a file:
/// resample to the model's rate (shared resampler), pick the windows with the shared scoring plan
/// (a clip shorter than one window is zero-padded, digital silence masked), write each window's
/// model input with the shared <see cref="ModelInputWriter"/>, classify the windows in batches, and
/// average their probabilities (<see cref="ClipAggregator"/>). Not thread-safe: one per thread.
/// </summary>
public sealed class ClipClassifier
{
    /// <summary>Windows classified per call of the model by default.</summary>
    public const int DefaultBatchSize = 16;

    private readonly IWindowClassifier _classifier;
    private readonly ModelInputWriter _writer;
    private readonly float[] _inputs;
    private readonly int _batchSize;

    /// <summary>Scores clips with <paramref name="classifier"/> (not owned: the caller disposes it).</summary>
    /// <param name="classifier">The model.</param>
    /// <param name="batchSize">Windows per classifier call.</param>
    /// <param name="hopFrames">Step between windows; default the model's <c>HopFrames</c> (the trainer's evaluation hop).</param>
    public ClipClassifier(IWindowClassifier classifier, int batchSize = DefaultBatchSize, int? hopFrames = null)
    {
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        if (hopFrames is < 1) throw new ArgumentOutOfRangeException(nameof(hopFrames), hopFrames, "The hop must be at least one frame.");
        _classifier = classifier;
        _writer = new ModelInputWriter(classifier.Metadata);
        _batchSize = batchSize;
        HopFrames = hopFrames ?? classifier.Metadata.HopFrames;
        _inputs = new float[batchSize * _writer.InputLength];
    }

    /// <summary>Step between scored windows in frames.</summary>
    public int HopFrames { get; }

    /// <summary>Reads a WAV file and scores it; the clip is named by its file name (which seeds the masking of silence, as in the trainer).</summary>
    /// <exception cref="WavFormatException">The file is not a readable WAV.</exception>
    /// <exception cref="InvalidDataException">Its rate cannot be converted to the model's.</exception>
    public ClipScore ScoreFile(string path)
    {
        var samples = AudioFileLoader.Load(path, _writer.Features.SampleRate);
        return Score(samples, _writer.Features.SampleRate, Path.GetFileName(path));
    }

    /// <summary>Scores <paramref name="samples"/> recorded at <paramref name="sampleRate"/> Hz.</summary>
    /// <param name="samples">Mono samples at any rate the shared resampler converts.</param>
    /// <param name="sampleRate">Their rate in Hz.</param>
    /// <param name="clipName">
    /// The clip's name (the trainer uses the dataset file name): it seeds the noise that masks
    /// digital silence, so the same clip always gets the same score.
    /// </param>
    /// <exception cref="ArgumentException">No samples, or a rate the resampler cannot convert.</exception>
    public ClipScore Score(ReadOnlySpan<float> samples, int sampleRate, string clipName)
    {
        ArgumentNullException.ThrowIfNull(clipName);
        if (samples.IsEmpty) throw new ArgumentException($"Clip '{clipName}' has no samples to classify.", nameof(samples));
        var features = _writer.Features;
        float[]? resampled = sampleRate == features.SampleRate ? null : Resampler.Resample(samples, sampleRate, features.SampleRate);
        var plan = ScoringWindows.Plan(resampled ?? samples, features, _writer.WindowFrames, HopFrames, clipName);

        int labels = _classifier.Metadata.Labels.Count;
        int windows = plan.Starts.Length, row = _writer.InputLength, span = _writer.WindowSamples;
        var windowProbabilities = new float[windows * labels];
        for (int first = 0; first < windows; first += _batchSize)
        {
            int count = Math.Min(_batchSize, windows - first);
            for (int w = 0; w < count; w++)
            {
                var window = plan.Samples.AsSpan(plan.Starts[first + w] * features.HopLength, span);
                _writer.Write(window, _inputs.AsSpan(w * row, row));
            }
            _classifier.Classify(_inputs.AsSpan(0, count * row), count, windowProbabilities.AsSpan(first * labels, count * labels));
        }

        var clip = new float[labels];
        ClipAggregator.MeanProbabilities(windowProbabilities, windows, labels, clip);
        var scores = new WindowScore[windows];
        double secondsPerFrame = features.HopLength / (double)features.SampleRate;
        double windowSeconds = span / (double)features.SampleRate;
        for (int w = 0; w < windows; w++)
        {
            double start = plan.Starts[w] * secondsPerFrame;
            scores[w] = new WindowScore(plan.Starts[w], start, start + windowSeconds, windowProbabilities.AsSpan(w * labels, labels).ToArray());
        }
        return new ClipScore(_classifier.Metadata.Labels, clip, ClipAggregator.ArgMax(clip), scores);
    }
}
