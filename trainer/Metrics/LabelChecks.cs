namespace EdgeSound.Trainer.Metrics;

/// <summary>Argument checks shared by the metrics, so every metric rejects bad labels with the same message.</summary>
internal static class LabelChecks
{
    public static void SameNonZeroLength(int truthLength, int otherLength, string otherName)
    {
        if (truthLength == 0) throw new ArgumentException("no samples: metrics need at least one label");
        if (truthLength != otherLength)
        {
            throw new ArgumentException($"{truthLength} true labels but {otherLength} {otherName}; they must pair up one to one");
        }
    }

    public static void InRange(ReadOnlySpan<int> labels, int classCount, string what)
    {
        for (int i = 0; i < labels.Length; i++)
        {
            if ((uint)labels[i] >= (uint)classCount)
            {
                throw new ArgumentOutOfRangeException(what, $"{what}[{i}] = {labels[i]} is outside 0..{classCount - 1}");
            }
        }
    }
}
