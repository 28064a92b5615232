using EdgeSound.Trainer.Data;
using Xunit;

namespace EdgeSound.Trainer.Tests.Data;

public class SpeedPerturbationTests
{
    [Fact]
    public void Speeds_lie_on_a_five_percent_grid_around_one()
    {
        Assert.Equal([0.85, 0.9, 0.95, 1.0, 1.05, 1.1, 1.15], SpeedPerturbation.Speeds(0.15));
        Assert.Equal([0.9, 0.95, 1.0, 1.05, 1.1], SpeedPerturbation.Speeds(0.12));
        Assert.Equal([1.0], SpeedPerturbation.Speeds(0));
    }

    [Theory]
    [InlineData(-0.05)]
    [InlineData(0.55)]
    [InlineData(double.NaN)]
    public void A_change_outside_zero_to_half_is_refused(double change)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => SpeedPerturbation.Speeds(change));
        Assert.Contains("speed_change must be in [0, 0.5]", error.Message);
    }

    [Theory]
    [InlineData(1.1)]
    [InlineData(0.85)]
    public void A_tone_played_at_another_speed_changes_pitch_and_length_together(double speed)
    {
        var tone = Tone(1000, 16000);
        var played = SpeedPerturbation.Apply(tone, speed);

        Assert.Equal((int)Math.Ceiling(tone.Length / speed - 1e-9), played.Length);
        // Zero crossings away from the ends (where the resampler's filter reads beyond the signal).
        Assert.Equal(1000 * speed, ToneFrequency.Of(played.AsSpan(1000, played.Length - 2000), 16000), 1000 * speed * 0.005);
    }

    [Fact]
    public void Speeding_up_filters_out_what_would_rise_above_nyquist_instead_of_folding_it_back()
    {
        // 7.5 kHz played 1.2x faster would be 9 kHz, above the 8-kHz Nyquist frequency: it must vanish,
        // not come back as 7 kHz.
        var played = SpeedPerturbation.Apply(Tone(7500, 16000), 1.2);
        var middle = played.AsSpan(1000, played.Length - 2000);
        double power = 0;
        foreach (var s in middle) power += s * s;
        double rms = Math.Sqrt(power / middle.Length);
        Assert.True(rms < 0.3 / Math.Sqrt(2) * 1e-3, $"RMS {rms} is not 60 dB below the tone's");
    }

    [Fact]
    public void Speed_one_is_a_copy_and_a_speed_off_the_grid_is_refused()
    {
        var tone = Tone(440, 1600);
        var copy = SpeedPerturbation.Apply(tone, 1.0);
        Assert.Equal(tone, copy);
        Assert.NotSame(tone, copy);
        Assert.Throws<ArgumentOutOfRangeException>(() => SpeedPerturbation.Apply(tone, 1.03));
        Assert.Throws<ArgumentOutOfRangeException>(() => SpeedPerturbation.Apply(tone, 0));
    }

    private static float[] Tone(double hertz, int length)
    {
        var samples = new float[length];
        for (int i = 0; i < length; i++) samples[i] = 0.3f * (float)Math.Sin(2 * Math.PI * hertz * i / 16000);
        return samples;
    }
}
