namespace EdgeSound.Shared.Smoothing;

/// <summary>One label's score.</summary>
public readonly record struct LabelScore(string Label, float Score);

/// <summary>
/// A sound heard: what, how sure, when (wall clock) and where in the stream (seconds since the
/// stream started: the span of the window that decided it), and how loud that window was.
/// </summary>
public sealed record Detection(
    DateTimeOffset Time,
    string Label,
    float Confidence,
    double StartSeconds,
    double EndSeconds,
    double LevelDbfs);

/// <summary>
/// The state after one hop, for live displays: smoothed top labels, the input level, and the audio
/// a live source had to drop so far because processing fell behind (0 where nothing is dropped).
/// </summary>
public sealed record LiveStatus(
    double StreamSeconds,
    double LevelDbfs,
    IReadOnlyList<LabelScore> Top,
    long DroppedSamples);
