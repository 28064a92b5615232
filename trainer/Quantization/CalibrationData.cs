namespace EdgeSound.Trainer.Quantization;

/// <summary>
/// Model inputs to calibrate on: <see cref="Count"/> rows of <see cref="RowShape"/> (without the
/// batch dimension) stored row-major in <see cref="Inputs"/>, fed to the graph input <see cref="InputName"/>.
/// </summary>
public sealed record CalibrationData(string InputName, long[] RowShape, float[] Inputs, int Count)
{
    /// <summary>Floats in one row.</summary>
    public int RowLength => (int)RowShape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Checks that the buffer holds <see cref="Count"/> rows.</summary>
    public void Validate()
    {
        if (Count < 1) throw new ArgumentException("Calibration needs at least one input window.");
        if ((long)Count * RowLength != Inputs.Length)
            throw new ArgumentException($"{Count} calibration rows of shape [{string.Join(", ", RowShape)}] need {(long)Count * RowLength} floats, got {Inputs.Length}.");
    }
}
