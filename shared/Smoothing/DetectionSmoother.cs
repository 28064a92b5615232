using EdgeSound.Shared.Audio;

namespace EdgeSound.Shared.Smoothing;

/// <summary>
/// Turns one window's class probabilities after another into events, as micro_speech's
/// RecognizeCommands does: it averages the last few non-silent windows, reports the best (allowed)
/// label when its average reaches the threshold, holds that label off for a while so one sound is
/// one event, and treats quiet windows as silence that never fires and starts the average over.
/// Times are stream seconds. Allocates only the <see cref="Detection"/> it returns and the
/// <see cref="LiveStatus"/> asked of it. Not thread-safe.
/// </summary>
public sealed class DetectionSmoother
{
    /// <summary>Labels a <see cref="LiveStatus"/> lists.</summary>
    public const int StatusTopCount = 3;

    private readonly string[] _labels;
    private readonly bool[] _allowed;
    private readonly float[] _history;       // ring of AverageWindows rows of probabilities
    private readonly float[] _average;
    private readonly double[] _lastReported;  // stream seconds of each label's last detection
    private readonly int[] _top = new int[StatusTopCount];
    private readonly TimeProvider _clock;
    private int _newestRow = -1;
    private int _rows;

    /// <summary>A smoother for a model with <paramref name="labels"/> (in output order).</summary>
    /// <param name="labels">The model's labels, in the order of its probabilities.</param>
    /// <param name="settings">Validated against the labels.</param>
    /// <param name="clock">Stamps detections with wall-clock time; the system clock when null.</param>
    public DetectionSmoother(IReadOnlyList<string> labels, SmootherSettings settings, TimeProvider? clock = null)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate(labels);
        Settings = settings;
        _labels = [.. labels];
        _allowed = [.. _labels.Select(label => settings.AllowedLabels?.Contains(label) ?? true)];
        _history = new float[settings.AverageWindows * _labels.Length];
        _average = new float[_labels.Length];
        _lastReported = new double[_labels.Length];
        _lastReported.AsSpan().Fill(double.NegativeInfinity);
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The settings in force.</summary>
    public SmootherSettings Settings { get; }

    /// <summary>The model's labels, in output order.</summary>
    public IReadOnlyList<string> Labels => _labels;

    /// <summary>The averaged probabilities per label (all 0 while the average is empty).</summary>
    public ReadOnlySpan<float> Average => _average;

    /// <summary>Non-silent windows in the average now.</summary>
    public int AveragedWindows => _rows;

    /// <summary>End of the latest window, in stream seconds.</summary>
    public double StreamSeconds { get; private set; }

    /// <summary>Level of the latest window in dBFS.</summary>
    public double LevelDbfs { get; private set; } = SignalLevel.FloorDbfs;

    /// <summary>
    /// Takes the next window's probabilities (one per label), its span in stream seconds and its level.
    /// </summary>
    /// <returns>A detection when this window completes one; otherwise null.</returns>
    public Detection? Update(ReadOnlySpan<float> probabilities, double startSeconds, double endSeconds, double levelDbfs)
    {
        if (probabilities.Length != _labels.Length)
            throw new ArgumentException($"Expected {_labels.Length} probabilities (one per label), got {probabilities.Length}.", nameof(probabilities));
        StreamSeconds = endSeconds;
        LevelDbfs = levelDbfs;
        if (levelDbfs < Settings.SilenceDbfs)
        {
            ClearAverage();
            return null;
        }

        Remember(probabilities);
        if (_rows < Settings.MinimumWindows) return null;

        int best = BestAllowedLabel();
        if (best < 0 || !(_average[best] >= Settings.Threshold)) return null;
        if (endSeconds - _lastReported[best] < Settings.SuppressionSeconds) return null;
        _lastReported[best] = endSeconds;
        return new Detection(_clock.GetUtcNow(), _labels[best], _average[best], startSeconds, endSeconds, levelDbfs);
    }

    /// <summary>The state now for live displays: the top labels of the average (none during silence) and the level.</summary>
    public LiveStatus CreateStatus(long droppedSamples)
    {
        if (_rows == 0) return new LiveStatus(StreamSeconds, LevelDbfs, [], droppedSamples);
        int count = Math.Min(StatusTopCount, _labels.Length);
        RankTop(count);
        var top = new LabelScore[count];
        for (int i = 0; i < count; i++) top[i] = new LabelScore(_labels[_top[i]], _average[_top[i]]);
        return new LiveStatus(StreamSeconds, LevelDbfs, top, droppedSamples);
    }

    /// <summary>Empties the average (silence, or a gap in the audio); hold-offs stay, as stream time goes on.</summary>
    public void ClearAverage()
    {
        _rows = 0;
        _newestRow = -1;
        _average.AsSpan().Clear();
    }

    private void Remember(ReadOnlySpan<float> probabilities)
    {
        int labels = _labels.Length;
        _newestRow = (_newestRow + 1) % Settings.AverageWindows;
        probabilities.CopyTo(_history.AsSpan(_newestRow * labels, labels));
        _rows = Math.Min(_rows + 1, Settings.AverageWindows);
        for (int label = 0; label < labels; label++)
        {
            // Rows fill from 0, so while the ring is not yet full the used rows are 0.._rows-1.
            double sum = 0;
            for (int row = 0; row < _rows; row++) sum += _history[row * labels + label];
            _average[label] = (float)(sum / _rows);
        }
    }

    /// <summary>Index of the highest average among allowed labels (lowest index on ties), -1 when none.</summary>
    private int BestAllowedLabel()
    {
        int best = -1;
        for (int label = 0; label < _labels.Length; label++)
            if (_allowed[label] && (best < 0 || _average[label] > _average[best])) best = label;
        return best;
    }

    /// <summary>Fills _top[0..count) with label indices by descending average (lowest index on ties).</summary>
    private void RankTop(int count)
    {
        for (int rank = 0; rank < count; rank++)
        {
            int best = -1;
            for (int label = 0; label < _labels.Length; label++)
            {
                if (_top.AsSpan(0, rank).Contains(label)) continue;
                if (best < 0 || _average[label] > _average[best]) best = label;
            }
            _top[rank] = best;
        }
    }
}
