namespace EdgeSound.Trainer.Quantization;

/// <summary>Choices of a static int8 quantisation.</summary>
public sealed record QuantizationOptions
{
    /// <summary>
    /// Ops that stay float unless the user says otherwise: Softmax (the probabilities the device
    /// thresholds need more than 256 levels near 0 and 1) and LayerNormalization (its variance is
    /// sensitive to rounding, and ONNX Runtime has no integer kernel for it anyway), and the first
    /// convolution, <c>block1.conv</c> (the exporter names nodes after model parts): it reads log-mel
    /// values far from zero (about -23 to +8), so its folded weights cancel a large offset and int8
    /// rounding of them swamps the signal: measured on the ESC-10 winner, quantising it drops int8/float
    /// top-1 agreement on training windows from 99.6% to 62%, for 0.1% of the model's bytes.
    /// </summary>
    public static readonly IReadOnlySet<string> DefaultKeepFloat =
        new HashSet<string>(StringComparer.Ordinal) { "Softmax", "LayerNormalization", "block1.conv" };

    /// <summary>
    /// Bits of weight range (stored as int8). 7 by default: x86 ONNX Runtime multiplies uint8 by int8
    /// with 16-bit intermediate sums (AVX2 pmaddubsw) that saturate with full 8-bit weights, so the
    /// same int8 model gave different probabilities on x86 and on ARM (0.07 apart on the shipped
    /// model) and drifted further from float; with 7-bit weights the sums cannot saturate, x86 and
    /// arm64 agree within 1e-7 and int8/float agreement rose from 99.6% to 99.8% of windows.
    /// </summary>
    public int WeightBits { get; init; } = 7;

    /// <summary>How activation ranges are chosen.</summary>
    public CalibrationMethod Method { get; init; } = CalibrationMethod.Percentile;

    /// <summary>Percentile of |x| for <see cref="CalibrationMethod.Percentile"/>.</summary>
    public double Percentile { get; init; } = RangeEstimator.DefaultPercentile;

    /// <summary>Op types (e.g. "Softmax") or node names (e.g. "block1.conv") that stay float.</summary>
    public IReadOnlySet<string> KeepFloat { get; init; } = DefaultKeepFloat;

    /// <summary>Calibration windows run through ONNX Runtime at once.</summary>
    public int CalibrationBatchSize { get; init; } = 32;

    /// <summary>Parses a comma-separated --keep-float list; "none" (or empty) keeps nothing float.</summary>
    public static IReadOnlySet<string> ParseKeepFloat(string text)
    {
        var names = text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (names is ["none"]) names = [];
        return new HashSet<string>(names, StringComparer.Ordinal);
    }
}
