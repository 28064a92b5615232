using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;

namespace EdgeSound.Shared.Features;

/// <summary>
/// Everything that defines the log-mel features. The trainer stores it (as <see cref="ToJson"/>)
/// inside the model, and the edge rebuilds the extractor from it, so both compute the same numbers.
/// Immutable: derive variants with <c>with { ... }</c>.
/// </summary>
public sealed record FeatureConfig
{
    /// <summary>Sample rate in Hz the extractor expects its input at.</summary>
    public int SampleRate { get; init; }

    /// <summary>FFT length in samples; also the frame length. A power of two.</summary>
    public int FftSize { get; init; }

    /// <summary>Length of the analysis window in samples (≤ <see cref="FftSize"/>; centred in the frame when shorter).</summary>
    public int WindowLength { get; init; }

    /// <summary>Samples between the starts of consecutive frames.</summary>
    public int HopLength { get; init; }

    /// <summary>Analysis window shape.</summary>
    public WindowType Window { get; init; }

    /// <summary>Number of mel bands.</summary>
    public int MelCount { get; init; }

    /// <summary>Lower edge of the lowest mel band in Hz.</summary>
    public double FMin { get; init; }

    /// <summary>Upper edge of the highest mel band in Hz (≤ SampleRate / 2).</summary>
    public double FMax { get; init; }

    /// <summary>Mel scale used to space the bands.</summary>
    public MelScale MelScale { get; init; }

    /// <summary>Scaling of each mel triangle.</summary>
    public MelNorm MelNorm { get; init; }

    /// <summary>Exponent on the spectrum magnitude: 1 = magnitude, 2 = power.</summary>
    public double Power { get; init; }

    /// <summary>Floor before the natural log: y = ln(max(mel, LogFloor)).</summary>
    public double LogFloor { get; init; }

    /// <summary>
    /// When true, the signal is padded by FftSize/2 at both ends so frame k is centred on sample
    /// k·HopLength; when false, frame k starts at sample k·HopLength.
    /// </summary>
    public bool Center { get; init; }

    /// <summary>What the <see cref="Center"/> padding contains.</summary>
    public PadMode PadMode { get; init; }

    /// <summary>
    /// The project's features. Why these suit ESC-10 on a Raspberry Pi:
    /// 16 kHz keeps the band where environmental-sound energy mostly lies (&lt; 8 kHz) with 2.76x fewer
    /// samples than 44.1 kHz; a 1024-sample (64 ms) window gives 15.6 Hz bins so even the lowest mel
    /// bands hold FFT bins; a 320-sample (20 ms) hop gives 50 frames/s, 247 frames per 5-s clip;
    /// 64 Slaney-scale, Slaney-normalised bands are librosa's defaults, so numbers compare with the
    /// literature; Center = false means frame k starts at sample k·hop and streaming needs no look-ahead.
    /// </summary>
    public static FeatureConfig Default { get; } = new()
    {
        SampleRate = 16000,
        FftSize = 1024,
        WindowLength = 1024,
        HopLength = 320,
        Window = WindowType.Hann,
        MelCount = 64,
        FMin = 0,
        FMax = 8000,
        MelScale = MelScale.Slaney,
        MelNorm = MelNorm.Slaney,
        Power = 2,
        LogFloor = 1e-10,
        Center = false,
        PadMode = PadMode.Zero,
    };

    /// <summary>The largest FFT a configuration may ask for (4 s at 16 kHz: far beyond any sound classifier's frame).</summary>
    public const int MaxFftSize = 1 << 16;

    /// <summary>Number of FFT bins, FftSize / 2 + 1.</summary>
    public int BinCount => FftSize / 2 + 1;

    /// <summary>Samples added at each end of the signal: FftSize / 2 when <see cref="Center"/>, else 0.</summary>
    public int PadLength => Center ? FftSize / 2 : 0;

    /// <summary>
    /// How many frames a signal of <paramref name="sampleCount"/> samples yields: every frame lies
    /// wholly inside the (padded) signal. 0 when the signal is empty or shorter than one frame.
    /// </summary>
    public int FrameCount(int sampleCount)
    {
        if (sampleCount <= 0 || HopLength <= 0) return 0;
        long padded = (long)sampleCount + 2L * PadLength;
        return padded < FftSize ? 0 : (int)(1 + (padded - FftSize) / HopLength);
    }

    /// <summary>
    /// The fewest samples that yield <paramref name="frameCount"/> frames (the inverse of
    /// <see cref="FrameCount"/>): a frame spans <see cref="FftSize"/> samples, frames step by the hop.
    /// Windows of frames are cut from audio with this, so it must agree with the extractors.
    /// </summary>
    public int SamplesForFrames(int frameCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(frameCount, 1);
        long samples = Math.Max(1L, (frameCount - 1L) * HopLength + FftSize - 2L * PadLength);
        if (samples > int.MaxValue)
            throw new ArgumentOutOfRangeException(nameof(frameCount), frameCount,
                $"A window of {frameCount} frames spans {samples} samples, more than one buffer can hold.");
        return (int)samples;
    }

    /// <summary>
    /// Throws <see cref="ArgumentException"/> naming the first impossible setting; returns quietly
    /// when the features can be computed.
    /// </summary>
    public void Validate()
    {
        Require(SampleRate > 0, $"SampleRate must be positive, got {SampleRate}.");
        Require(FftSize >= 2 && BitOperations.IsPow2(FftSize),
            $"FftSize must be a power of two ≥ 2 (the FFT is radix-2), got {FftSize}.");
        // Checked before anything is allocated: a corrupt file must not ask for gigabytes first.
        Require(FftSize <= MaxFftSize, $"FftSize must be at most {MaxFftSize} (4 s at 16 kHz), got {FftSize}.");
        Require(WindowLength >= 1, $"WindowLength must be at least 1, got {WindowLength}.");
        Require(WindowLength <= FftSize,
            $"WindowLength ({WindowLength}) must not exceed FftSize ({FftSize}): the window is applied inside one FFT frame.");
        Require(HopLength >= 1, $"HopLength must be at least 1, got {HopLength}.");
        Require(Enum.IsDefined(Window), $"Window has no meaning for value {(int)Window}.");
        Require(Enum.IsDefined(MelScale), $"MelScale has no meaning for value {(int)MelScale}.");
        Require(Enum.IsDefined(MelNorm), $"MelNorm has no meaning for value {(int)MelNorm}.");
        Require(Enum.IsDefined(PadMode), $"PadMode has no meaning for value {(int)PadMode}.");
        Require(MelCount >= 1, $"MelCount must be at least 1, got {MelCount}.");
        Require(MelCount <= BinCount,
            $"MelCount ({MelCount}) must not exceed the FFT's {BinCount} frequency bins (FftSize {FftSize}): each band needs a bin of its own.");
        Require(double.IsFinite(FMin) && FMin >= 0, $"FMin must be a finite frequency ≥ 0 Hz, got {FMin.ToString(CultureInfo.InvariantCulture)}.");
        Require(double.IsFinite(FMax) && FMax <= SampleRate / 2.0,
            $"FMax ({FMax.ToString(CultureInfo.InvariantCulture)} Hz) must not exceed the Nyquist frequency SampleRate/2 = {(SampleRate / 2.0).ToString(CultureInfo.InvariantCulture)} Hz.");
        Require(FMin < FMax,
            $"FMin ({FMin.ToString(CultureInfo.InvariantCulture)} Hz) must be below FMax ({FMax.ToString(CultureInfo.InvariantCulture)} Hz).");
        Require(Power is 1.0 or 2.0, $"Power must be 1 (magnitude) or 2 (power), got {Power.ToString(CultureInfo.InvariantCulture)}.");
        Require(double.IsFinite(LogFloor) && LogFloor > 0,
            $"LogFloor must be a finite number > 0 (it is the argument of a logarithm), got {LogFloor.ToString(CultureInfo.InvariantCulture)}.");
        RequireNoEmptyMelBand();
    }

    /// <summary>A filter whose triangle contains no FFT bin would be silent forever: a sign of too many mels for the FFT size.</summary>
    private void RequireNoEmptyMelBand()
    {
        var edges = MelFrequency.BandEdgesHz(MelCount, FMin, FMax, MelScale);
        double binHz = (double)SampleRate / FftSize;
        for (int mel = 0; mel < MelCount; mel++)
        {
            // The first bin strictly above the lower edge must lie strictly below the upper edge.
            double firstBinHz = (Math.Floor(edges[mel] / binHz) + 1) * binHz;
            Require(firstBinHz < edges[mel + 2],
                $"Mel band {mel} ({edges[mel].ToString("0.#", CultureInfo.InvariantCulture)}-{edges[mel + 2].ToString("0.#", CultureInfo.InvariantCulture)} Hz) " +
                $"contains no FFT bin (bins are {binHz.ToString("0.###", CultureInfo.InvariantCulture)} Hz apart): " +
                $"use fewer mels (MelCount = {MelCount}), a larger FftSize ({FftSize}) or a wider FMin..FMax.");
        }
    }

    private static void Require(bool condition, string message)
    {
        if (!condition) throw new ArgumentException("Invalid feature configuration: " + message);
    }

    /// <summary>
    /// The configuration as indented JSON: snake_case names in a fixed order, enums as lowercase
    /// strings, invariant number formatting, "\n" line ends on every OS.
    /// </summary>
    public string ToJson() => FeatureConfigJson.Write(this, indented: true);

    /// <summary>
    /// Parses JSON written by <see cref="ToJson"/> and validates it. Throws <see cref="FormatException"/>
    /// for malformed JSON, unknown, duplicate, missing or mistyped fields, and for impossible values.
    /// </summary>
    public static FeatureConfig FromJson(string json) => FeatureConfigJson.Read(json);

    /// <summary>
    /// First 16 hex characters (lowercase) of the SHA-256 of the canonical (compact) JSON: equal
    /// configurations have equal hashes on every machine and run.
    /// </summary>
    public string Hash
    {
        get
        {
            var digest = SHA256.HashData(Encoding.UTF8.GetBytes(FeatureConfigJson.Write(this, indented: false)));
            return Convert.ToHexStringLower(digest)[..16];
        }
    }
}
