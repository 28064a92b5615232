using System.Globalization;

namespace EdgeSound.Shared.Smoothing;

/// <summary>
/// How <see cref="DetectionSmoother"/> turns a stream of window probabilities into events
/// (micro_speech's RecognizeCommands settings). The defaults suit a window hop of 0.25-0.5 s.
/// </summary>
public sealed record SmootherSettings
{
    /// <summary>Default <see cref="AverageWindows"/>: 2 windows smooth one-window flukes; a third only lags the first event (see below).</summary>
    public const int DefaultAverageWindows = 2;

    /// <summary>
    /// Default <see cref="MinimumWindows"/>: 2. The first loud window after silence straddles the
    /// sound's onset and may hold only a fraction of a second of it, which the study's models often
    /// misread (the full study's winner mostly as "sneezing"). Measured with `edgesound evaluate
    /// --folds 2,3,4,5` (the ESC-10 training folds, 320 clips between gaps of room noise; int8 models;
    /// 2026-11-24): averaging 3 with a minimum of 1 raised 226 wrong events at onsets with either the
    /// full study's winner or the shipped model; 2 and 2 raised 40 and 22 and heard at least as many
    /// clips. The README has the table. A sound shorter than a hop still lies in several windows when
    /// windows overlap (2.6 s windows, 0.5 s hop).
    /// </summary>
    public const int DefaultMinimumWindows = 2;

    /// <summary>Default <see cref="Threshold"/>: 0.6, above any runner-up's share when the winner clearly leads.</summary>
    public const float DefaultThreshold = 0.6f;

    /// <summary>Default <see cref="SuppressionSeconds"/>: 1.5 s, longer than the averaging, so one bark is one event.</summary>
    public const double DefaultSuppressionSeconds = 1.5;

    /// <summary>Default <see cref="SilenceDbfs"/>: -55 dBFS, well above a quiet room through a USB microphone (about -70 dBFS).</summary>
    public const double DefaultSilenceDbfs = -55.0;

    /// <summary>Windows averaged (the newest ones that were not silent).</summary>
    public int AverageWindows { get; init; } = DefaultAverageWindows;

    /// <summary>Non-silent windows the average must hold before it can produce a detection.</summary>
    public int MinimumWindows { get; init; } = DefaultMinimumWindows;

    /// <summary>Smallest averaged probability that counts as a detection.</summary>
    public float Threshold { get; init; } = DefaultThreshold;

    /// <summary>After a detection, the same label is not reported again for this many stream seconds.</summary>
    public double SuppressionSeconds { get; init; } = DefaultSuppressionSeconds;

    /// <summary>Windows quieter than this (RMS, dBFS) are silence: no detection, and the average starts over.</summary>
    public double SilenceDbfs { get; init; } = DefaultSilenceDbfs;

    /// <summary>When set, only these labels are ever reported (the others still show in the live status).</summary>
    public IReadOnlyCollection<string>? AllowedLabels { get; init; }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the first impossible setting, and an allowed
    /// label the model does not know (a typo would otherwise silence the device).
    /// </summary>
    public void Validate(IReadOnlyList<string> modelLabels)
    {
        ArgumentNullException.ThrowIfNull(modelLabels);
        Require(AverageWindows >= 1, $"the average must span at least 1 window, got {AverageWindows}.");
        Require(MinimumWindows >= 1 && MinimumWindows <= AverageWindows,
            $"the minimum window count must be 1..{AverageWindows} (the averaged windows), got {MinimumWindows}.");
        Require(float.IsFinite(Threshold) && Threshold > 0 && Threshold <= 1,
            $"the threshold is a probability in (0, 1], got {Threshold.ToString(CultureInfo.InvariantCulture)}.");
        Require(double.IsFinite(SuppressionSeconds) && SuppressionSeconds >= 0,
            $"the suppression time must be a finite number of seconds >= 0, got {SuppressionSeconds.ToString(CultureInfo.InvariantCulture)}.");
        Require(double.IsFinite(SilenceDbfs) && SilenceDbfs <= 0,
            $"the silence level must be a finite dBFS value <= 0, got {SilenceDbfs.ToString(CultureInfo.InvariantCulture)}.");
        if (AllowedLabels is null) return;
        Require(AllowedLabels.Count > 0, "the label allow-list is empty: nothing could ever be reported. Leave it unset to report every label.");
        foreach (var label in AllowedLabels)
            Require(modelLabels.Contains(label),
                $"the allowed label '{label}' is not one of the model's labels ({string.Join(", ", modelLabels)}).");
    }

    private static void Require(bool condition, string problem)
    {
        if (!condition) throw new ArgumentException("Invalid detection settings: " + problem);
    }
}
