namespace EdgeSound.Trainer.Tests.Data;

/// <summary>A pure tone's frequency measured from its zero crossings (two per cycle).</summary>
internal static class ToneFrequency
{
    public static double Of(ReadOnlySpan<float> tone, int sampleRate)
    {
        int crossings = 0;
        for (int k = 1; k < tone.Length; k++) if ((tone[k - 1] < 0) != (tone[k] < 0)) crossings++;
        return crossings / 2.0 / (tone.Length / (double)sampleRate);
    }
}
