using EdgeSound.Edge.Evaluation;
using EdgeSound.Shared.Smoothing;
using Xunit;

namespace EdgeSound.Edge.Tests.Evaluation;

public class StreamScoreTests
{
    private static readonly ClipSpan Dog = new("1-1-A-0.wav", "dog", 6, 11);
    private static readonly ClipSpan Rain = new("1-2-A-10.wav", "rain", 17, 22);

    private static Detection Event(string label, double start, double end) => new(DateTimeOffset.UnixEpoch, label, 0.9f, start, end, -20);

    [Fact]
    public void A_clip_is_heard_when_an_event_with_its_label_has_its_windows_middle_inside_the_clip()
    {
        // Dog: a window from 9.0 to 11.6 s (middle 10.3) inside; rain: a rain window mostly after the clip (middle 22.5) does not count.
        var score = StreamScore.Of([Dog, Rain], [Event("dog", 9.0, 11.6), Event("rain", 21.2, 23.8)]);

        Assert.Equal(2, score.Clips);
        Assert.Equal([Dog], score.Heard);
        var missed = Assert.Single(score.Missed);
        Assert.Equal(Rain, missed.Clip);
        Assert.Equal(["rain"], missed.HeardAs);
        Assert.Equal(0.5, score.HeardFraction);
        Assert.Equal(0, score.EventsInSilence);
        Assert.Equal(2, score.Events);
    }

    [Fact]
    public void Events_in_silence_with_another_label_and_across_an_onset_are_counted_apart()
    {
        var score = StreamScore.Of([Dog, Rain],
        [
            Event("sneezing", 4.5, 7.1),  // across the dog's onset, another label
            Event("dog", 6.5, 9.1),
            Event("rain", 8.0, 10.6),     // inside the dog, another label
            Event("dog", 12.0, 14.6),     // wholly in the gap: silence
            Event("rain", 17.5, 20.1),
        ]);

        Assert.Equal([Dog, Rain], score.Heard);
        Assert.Empty(score.Missed);
        Assert.Equal(1, score.EventsInSilence);
        Assert.Equal(2, score.EventsWithAnotherLabel);
        Assert.Equal(1, score.EventsWithAnotherLabelAtOnset);
    }

    [Fact]
    public void The_delay_runs_from_a_clips_start_to_the_end_of_its_first_right_window_and_the_median_is_over_heard_clips()
    {
        var third = new ClipSpan("1-3-A-20.wav", "crying_baby", 28, 33);
        var score = StreamScore.Of([Dog, Rain, third],
            [Event("dog", 7.0, 9.6), Event("dog", 6.5, 9.1), Event("rain", 18.0, 20.6), Event("crying_baby", 29.5, 32.1)]);

        // Delays: dog 9.1 - 6 = 3.1 (its earlier window), rain 3.6, crying_baby 4.1.
        Assert.Equal(3.6, score.MedianDelaySeconds!.Value, 9);
        // An even count: the mean of the middle two (3.1 and 3.6).
        Assert.Equal(3.35, StreamScore.Of([Dog, Rain], [Event("dog", 6.5, 9.1), Event("rain", 18.0, 20.6)]).MedianDelaySeconds!.Value, 9);
        Assert.Null(StreamScore.Of([Dog], []).MedianDelaySeconds);
    }

    [Fact]
    public void Pooled_scores_add_their_counts_join_their_clips_and_take_the_median_delay_over_every_heard_clip()
    {
        // Two folds scored apart. The first: the dog heard after 3.1 s with a wrong event at its onset,
        // a clock tick heard after 3.2 s. The second: the rain missed (heard as sea_waves), an event in
        // silence, a crying baby heard after 4.1 s.
        var tick = new ClipSpan("1-4-A-38.wav", "clock_tick", 40, 45);
        var baby = new ClipSpan("2-3-A-20.wav", "crying_baby", 28, 33);
        var first = StreamScore.Of([Dog, tick], [Event("sneezing", 4.5, 7.1), Event("dog", 6.5, 9.1), Event("clock_tick", 40.6, 43.2)]);
        var second = StreamScore.Of([Rain, baby], [Event("sea_waves", 18.0, 20.6), Event("dog", 24.0, 26.6), Event("crying_baby", 29.5, 32.1)]);

        var pooled = StreamScore.Pool([first, second]);

        Assert.Equal(4, pooled.Clips);
        Assert.Equal([Dog, tick, baby], pooled.Heard);
        Assert.Equal(Rain, Assert.Single(pooled.Missed).Clip);
        Assert.Equal(6, pooled.Events);
        Assert.Equal(1, pooled.EventsInSilence);
        Assert.Equal(2, pooled.EventsWithAnotherLabel);
        Assert.Equal(1, pooled.EventsWithAnotherLabelAtOnset);
        Assert.Equal(0.75, pooled.HeardFraction, 9);
        // Over every heard clip of both folds (3.1, 3.2, 4.1), not the mean of the folds' medians (3.625).
        Assert.Equal([3.1, 3.2, 4.1], pooled.DelaysSeconds.Select(d => Math.Round(d, 9)));
        Assert.Equal(3.2, pooled.MedianDelaySeconds!.Value, 9);
    }
}
