namespace EdgeSound.Trainer.Data;

/// <summary>
/// Augmentation that makes small from-scratch models strong on ESC: random crops (time shift),
/// gain, mixing two clips with soft labels, additive noise, and SpecAugment masks for log-mel.
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

    public static AugmentationOptions None { get; } = new()
    {
        GainDb = 0, MixProbability = 0, NoiseProbability = 0, FrequencyMasks = 0, TimeMasks = 0,
    };
}
