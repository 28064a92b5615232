using EdgeSound.Edge.Pipeline;
using EdgeSound.Shared.Smoothing;

namespace EdgeSound.Edge.Tests.Sinks;

/// <summary>Detections with known values for the sink tests.</summary>
internal static class SampleDetections
{
    public static readonly DateTimeOffset Time = new(2026, 11, 24, 9, 14, 48, 123, TimeSpan.Zero);

    public static Detection Dog => new(Time, "dog", 0.93f, 12.5, 13.5, -23.41);

    /// <summary>The i-th of a numbered stream: label "event{i}", start i seconds.</summary>
    public static Detection Numbered(int i) =>
        new(Time.AddSeconds(i), $"event{i}", 0.5f + i % 50 / 100f, i, i + 1, -30 - i % 10);
}
