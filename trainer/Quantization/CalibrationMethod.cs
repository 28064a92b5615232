namespace EdgeSound.Trainer.Quantization;

/// <summary>How an activation's int8 range is chosen from the calibration statistics.</summary>
public enum CalibrationMethod
{
    /// <summary>The observed minimum and maximum: nothing clips, but one outlier widens every step.</summary>
    MinMax,

    /// <summary>Clips |x| at a high percentile (default 99.99th) of the observed magnitudes.</summary>
    Percentile,

    /// <summary>The clipping threshold whose 8-bit histogram is closest in KL divergence to the observed one (TensorRT's method).</summary>
    Entropy,
}

/// <summary>The command-line and metadata names of <see cref="CalibrationMethod"/>.</summary>
public static class CalibrationMethodNames
{
    /// <summary>All names, for help text and errors.</summary>
    public const string All = "minmax, percentile or entropy";

    /// <summary>The lower-case name ("minmax", "percentile", "entropy").</summary>
    public static string ToName(CalibrationMethod method) => method switch
    {
        CalibrationMethod.MinMax => "minmax",
        CalibrationMethod.Percentile => "percentile",
        CalibrationMethod.Entropy => "entropy",
        _ => throw new ArgumentOutOfRangeException(nameof(method), method, null),
    };

    /// <summary>Parses a name written by <see cref="ToName"/>.</summary>
    /// <exception cref="ArgumentException">Any other text; the message lists the valid names.</exception>
    public static CalibrationMethod Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "minmax" => CalibrationMethod.MinMax,
        "percentile" => CalibrationMethod.Percentile,
        "entropy" => CalibrationMethod.Entropy,
        _ => throw new ArgumentException($"--calibration {name}: use {All}."),
    };
}
