using EdgeSound.Shared.Smoothing;

namespace EdgeSound.Edge.Evaluation;

/// <summary>A clip no event with its label was found for, and the labels of the events that overlapped it.</summary>
public sealed record MissedClip(ClipSpan Clip, IReadOnlyList<string> HeardAs);

/// <summary>
/// How the events of a <see cref="LabelledStreamSource"/> stream match its clips. A clip is heard
/// when an event with its label has the middle of its window inside the clip; an event whose window
/// overlaps no clip at all is an event in silence (a window that reaches into a clip may hear it).
/// <see cref="DelaysSeconds"/> holds, per heard clip, the time from its start to the end of the first
/// window that reported it.
/// </summary>
public sealed record StreamScore(
    int Clips,
    IReadOnlyList<ClipSpan> Heard,
    IReadOnlyList<MissedClip> Missed,
    int Events,
    int EventsInSilence,
    int EventsWithAnotherLabel,
    int EventsWithAnotherLabelAtOnset,
    IReadOnlyList<double> DelaysSeconds)
{
    /// <summary>Share of the clips heard with their own label (0-1).</summary>
    public double HeardFraction => Clips == 0 ? 0 : Heard.Count / (double)Clips;

    /// <summary>Median of <see cref="DelaysSeconds"/>; null when no clip was heard.</summary>
    public double? MedianDelaySeconds => Median(DelaysSeconds);

    /// <summary>
    /// One score for several streams scored apart (each fold through its own cross-validation model):
    /// counts add up, the clip lists join and the median delay is taken over every heard clip.
    /// </summary>
    public static StreamScore Pool(IReadOnlyList<StreamScore> scores)
    {
        ArgumentNullException.ThrowIfNull(scores);
        return new StreamScore(
            scores.Sum(s => s.Clips),
            [.. scores.SelectMany(s => s.Heard)],
            [.. scores.SelectMany(s => s.Missed)],
            scores.Sum(s => s.Events),
            scores.Sum(s => s.EventsInSilence),
            scores.Sum(s => s.EventsWithAnotherLabel),
            scores.Sum(s => s.EventsWithAnotherLabelAtOnset),
            [.. scores.SelectMany(s => s.DelaysSeconds)]);
    }

    /// <summary>Scores <paramref name="detections"/> (stream seconds) against <paramref name="clips"/>.</summary>
    public static StreamScore Of(IReadOnlyList<ClipSpan> clips, IReadOnlyList<Detection> detections)
    {
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentNullException.ThrowIfNull(detections);
        var heard = new List<ClipSpan>();
        var missed = new List<MissedClip>();
        var delays = new List<double>();
        int another = 0, anotherAtOnset = 0;
        foreach (var clip in clips)
        {
            var overlapping = detections.Where(d => Overlaps(d, clip)).ToList();
            var right = detections.Where(d => d.Label == clip.Label && Middle(d) >= clip.StartSeconds && Middle(d) <= clip.EndSeconds).ToList();
            if (right.Count > 0)
            {
                heard.Add(clip);
                // From the sound's start to the end of the first window that reported it: the earliest the device could have known.
                delays.Add(right.Min(d => d.EndSeconds) - clip.StartSeconds);
            }
            else
            {
                missed.Add(new MissedClip(clip, [.. overlapping.Select(d => d.Label)]));
            }
            another += overlapping.Count(d => d.Label != clip.Label);
            anotherAtOnset += overlapping.Count(d => d.Label != clip.Label && d.StartSeconds < clip.StartSeconds);
        }
        int inSilence = detections.Count(d => !clips.Any(c => Overlaps(d, c)));
        return new StreamScore(clips.Count, heard, missed, detections.Count, inSilence, another, anotherAtOnset, delays);
    }

    private static double Middle(Detection d) => (d.StartSeconds + d.EndSeconds) / 2;

    private static bool Overlaps(Detection d, ClipSpan clip) => d.EndSeconds > clip.StartSeconds && d.StartSeconds < clip.EndSeconds;

    private static double? Median(IReadOnlyList<double> values)
    {
        if (values.Count == 0) return null;
        var sorted = values.Order().ToArray();
        int mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}
