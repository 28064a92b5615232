using EdgeSound.Shared.Smoothing;
using EdgeSound.Shared.Tests.Support;
using Xunit;

namespace EdgeSound.Shared.Tests.Smoothing;

public sealed class DetectionSmootherTests
{
    private static readonly string[] Labels = ["dog", "rain", "rooster", "clock"];
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);
    private const double Loud = -20, Hop = 0.5, WindowSeconds = 1.0;

    private static DetectionSmoother Smoother(SmootherSettings? settings = null) =>
        new(Labels, settings ?? new SmootherSettings(), new FixedClock(Now));

    /// <summary>Feeds windows k = 0, 1, ... (start k·hop) and returns what each produced.</summary>
    private static List<Detection?> Feed(DetectionSmoother smoother, IEnumerable<float[]> windows, double level = Loud, int firstIndex = 0)
    {
        var results = new List<Detection?>();
        int k = firstIndex;
        foreach (var probabilities in windows)
        {
            results.Add(smoother.Update(probabilities, k * Hop, k * Hop + WindowSeconds, level));
            k++;
        }
        return results;
    }

    private static float[] P(float dog, float rain, float rooster = 0) => [dog, rain, rooster, 1 - dog - rain - rooster];

    [Fact]
    public void Averages_the_last_k_windows()
    {
        var smoother = Smoother(new SmootherSettings { AverageWindows = 3, Threshold = 1f });

        Feed(smoother, [P(0.9f, 0.1f), P(0.3f, 0.6f), P(0.3f, 0.3f), P(0.0f, 0.9f)]);

        Assert.Equal(3, smoother.AveragedWindows);
        Assert.Equal(0.2f, smoother.Average[0], 1e-6f);   // (0.3 + 0.3 + 0.0) / 3: the first window has left the average
        Assert.Equal(0.6f, smoother.Average[1], 1e-6f);   // (0.6 + 0.3 + 0.9) / 3
    }

    [Fact]
    public void Reports_once_the_average_reaches_the_threshold_and_not_before()
    {
        var smoother = Smoother(new SmootherSettings { AverageWindows = 3, Threshold = 0.6f });

        // Averages of dog: 0.5, 0.5, 0.567, 0.7.
        var results = Feed(smoother, [P(0.5f, 0.1f), P(0.5f, 0.1f), P(0.7f, 0.1f), P(0.9f, 0.05f)]);

        Assert.Equal([null, null, null], results.Take(3));
        var detection = Assert.IsType<Detection>(results[3]);
        Assert.Equal("dog", detection.Label);
        Assert.Equal((0.5f + 0.7f + 0.9f) / 3, detection.Confidence, 1e-6f);
        Assert.Equal(3 * Hop, detection.StartSeconds);
        Assert.Equal(3 * Hop + WindowSeconds, detection.EndSeconds);
        Assert.Equal(Loud, detection.LevelDbfs);
        Assert.Equal(Now, detection.Time);
    }

    [Fact]
    public void Holds_the_same_label_off_for_the_suppression_time_so_one_sound_is_one_event()
    {
        var smoother = Smoother(new SmootherSettings { AverageWindows = 1, MinimumWindows = 1, SuppressionSeconds = 1.5 });

        // A bark heard in 5 consecutive windows 0.5 s apart.
        var results = Feed(smoother, Enumerable.Repeat(P(0.95f, 0.02f), 5));

        Assert.Equal([true, false, false, true, false], results.Select(r => r is not null));
        Assert.Equal(1.5, results[3]!.StartSeconds); // 1.5 s after the first report's window: no longer held off
    }

    [Fact]
    public void Holding_off_one_label_does_not_hold_off_another()
    {
        var smoother = Smoother(new SmootherSettings { AverageWindows = 1, MinimumWindows = 1 });

        var results = Feed(smoother, [P(0.9f, 0.05f), P(0.05f, 0.9f)]);

        Assert.Equal(["dog", "rain"], results.Select(r => r!.Label));
    }

    [Fact]
    public void Quiet_windows_never_report_and_start_the_average_over()
    {
        var smoother = Smoother(new SmootherSettings { AverageWindows = 3, MinimumWindows = 1, SilenceDbfs = -55 });
        Feed(smoother, [P(0.5f, 0.2f), P(0.5f, 0.2f)]);

        var quiet = Feed(smoother, [P(0.99f, 0.0f), P(0.99f, 0.0f)], level: -60, firstIndex: 2);

        Assert.All(quiet, Assert.Null);
        Assert.Equal(0, smoother.AveragedWindows);
        Assert.Equal(0f, smoother.Average[0]);
        // Loud again: the average holds only this window, not the older 0.5s.
        var loud = Feed(smoother, [P(0.8f, 0.1f)], firstIndex: 4);
        Assert.Equal(0.8f, loud[0]!.Confidence);
    }

    [Fact]
    public void The_silence_gate_is_inclusive_of_its_level()
    {
        var smoother = Smoother(new SmootherSettings { AverageWindows = 1, MinimumWindows = 1, SilenceDbfs = -55 });

        Assert.NotNull(smoother.Update(P(0.9f, 0.05f), 0, 1, -55.0));
    }

    [Fact]
    public void Reports_only_allowed_labels()
    {
        var smoother = Smoother(new SmootherSettings { AverageWindows = 1, MinimumWindows = 1, Threshold = 0.3f, AllowedLabels = ["rain", "rooster"] });

        // dog leads but is not allowed; rain is the best allowed label and reaches 0.3.
        var results = Feed(smoother, [P(0.9f, 0.05f), P(0.6f, 0.35f), P(0.1f, 0.1f, 0.4f)]);

        Assert.Null(results[0]);
        Assert.Equal("rain", results[1]!.Label);
        Assert.Equal("rooster", results[2]!.Label);
    }

    [Fact]
    public void By_default_the_first_window_after_silence_cannot_report_alone()
    {
        // The window that straddles a sound's onset holds a fraction of a second of it; measured on the
        // training folds, the study's model mostly calls that "sneezing" (see SmootherSettings).
        var smoother = Smoother(new SmootherSettings());
        Feed(smoother, [P(0.9f, 0.05f)], level: -70);

        var results = Feed(smoother, [P(0.05f, 0.05f, 0.0f), P(0.9f, 0.05f), P(0.9f, 0.05f)], firstIndex: 1);

        Assert.Null(results[0]);
        Assert.Null(results[1]);  // dog 0.475 over the two windows
        Assert.Equal("dog", results[2]!.Label);
    }

    [Fact]
    public void Needs_the_minimum_number_of_windows_before_reporting()
    {
        var smoother = Smoother(new SmootherSettings { AverageWindows = 3, MinimumWindows = 2 });

        var results = Feed(smoother, [P(0.9f, 0.05f), P(0.9f, 0.05f)]);

        Assert.Null(results[0]);
        Assert.NotNull(results[1]);
    }

    [Fact]
    public void Live_status_lists_the_top_three_of_the_average_and_none_in_silence()
    {
        var smoother = Smoother(new SmootherSettings { AverageWindows = 2, Threshold = 1f });
        Feed(smoother, [P(0.1f, 0.5f, 0.3f), P(0.3f, 0.3f, 0.3f)]);

        var status = smoother.CreateStatus(droppedSamples: 42);

        Assert.Equal(["rain", "rooster", "dog"], status.Top.Select(s => s.Label));
        Assert.Equal([0.4f, 0.3f, 0.2f], status.Top.Select(s => s.Score), new ToleranceComparer(1e-6f));
        Assert.Equal(1.5, status.StreamSeconds);
        Assert.Equal(Loud, status.LevelDbfs);
        Assert.Equal(42, status.DroppedSamples);

        smoother.Update(P(0.9f, 0f), 1.0, 2.0, -80);
        var silent = smoother.CreateStatus(0);
        Assert.Empty(silent.Top);
        Assert.Equal(-80, silent.LevelDbfs);
    }

    [Fact]
    public void Refuses_settings_that_cannot_work()
    {
        var unknown = Assert.Throws<ArgumentException>(() => Smoother(new SmootherSettings { AllowedLabels = ["dgo"] }));
        Assert.Contains("'dgo'", unknown.Message);
        Assert.Contains("dog", unknown.Message);
        Assert.Throws<ArgumentException>(() => Smoother(new SmootherSettings { AllowedLabels = [] }));
        Assert.Throws<ArgumentException>(() => Smoother(new SmootherSettings { Threshold = 0 }));
        Assert.Throws<ArgumentException>(() => Smoother(new SmootherSettings { AverageWindows = 0 }));
        Assert.Throws<ArgumentException>(() => Smoother(new SmootherSettings { AverageWindows = 2, MinimumWindows = 3 }));
        Assert.Throws<ArgumentException>(() => Smoother(new SmootherSettings { SuppressionSeconds = -1 }));
        Assert.Throws<ArgumentException>(() => Smoother().Update(new float[3], 0, 1, Loud)); // 4 labels
    }

    [Fact]
    public void Updating_without_a_detection_allocates_nothing()
    {
        var smoother = Smoother(new SmootherSettings { Threshold = 0.99f });
        var probabilities = P(0.4f, 0.3f);

        long bytes = Allocations.SteadyStateBytes(() =>
        {
            for (int k = 0; k < 100; k++) smoother.Update(probabilities, k * Hop, k * Hop + 1, k % 10 == 0 ? -90 : Loud);
        });

        Assert.Equal(0, bytes);
    }

    private sealed class ToleranceComparer(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(float value) => 0;
    }
}
