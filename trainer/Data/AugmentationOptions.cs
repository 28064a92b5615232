namespace EdgeSound.Trainer.Data;

/// <summary>
/// Augmentation that makes small from-scratch models strong on ESC: random crops (time shift),
/// gain, mixing two clips with soft labels, additive noise, SpecAugment masks and (when switched on)
/// FilterAugment's random frequency response for log-mel.
/// Defaults follow what worked for small ESC models in the literature (BC-learning style mixing,
/// SpecAugment with a few narrow masks); every field can be switched off by setting it to zero.
/// </summary>
public sealed record AugmentationOptions
{
    /// <summary>Random gain uniform in +-this many dB (a microphone's level is never known).</summary>
    public double GainDb { get; init; } = 6;

    /// <summary>Probability that a training window is mixed with another clip's window (soft labels).</summary>
    public double MixProbability { get; init; } = 0.5;

    /// <summary>Probability of additive white noise, at an SNR uniform in [SnrDbMin, SnrDbMax].</summary>
    public double NoiseProbability { get; init; } = 0.3;
    public double SnrDbMin { get; init; } = 10;
    public double SnrDbMax { get; init; } = 40;

    /// <summary>SpecAugment for log-mel input: masks per window and their largest widths.</summary>
    public int FrequencyMasks { get; init; } = 2;
    public int FrequencyMaskMaxWidth { get; init; } = 8;
    public int TimeMasks { get; init; } = 2;
    public int TimeMaskMaxWidth { get; init; } = 16;

    /// <summary>
    /// FilterAugment for log-mel input: every training window gets a random frequency response of at
    /// most this many dB either way (<see cref="FilterAugment"/>). Off by default, so the published
    /// studies, trained without it, reproduce; a sweep switches it on with <c>filter_gain_db</c>.
    /// </summary>
    public double FilterGainDb { get; init; }

    /// <summary>
    /// Speed perturbation: every training crop is read from the clip played at a speed drawn from
    /// 1 +- this largest relative change in steps of 5% (<see cref="SpeedPerturbation"/>). Off (0) by
    /// default, so the published studies reproduce; a sweep switches it on with <c>speed_change</c>.
    /// </summary>
    public double SpeedChange { get; init; }

    public static AugmentationOptions None { get; } = new()
    {
        GainDb = 0, MixProbability = 0, NoiseProbability = 0, FrequencyMasks = 0, TimeMasks = 0,
    };
}
