namespace EdgeSound.Shared.Audio;

/// <summary>
/// A mono clip of audio in memory: samples nominally in [-1, 1] at one sample rate, plus the name of
/// where it came from so later errors can point at the file.
/// </summary>
public sealed class AudioClip
{
    /// <summary>Creates a clip over <paramref name="samples"/> (not copied).</summary>
    /// <param name="samples">Mono samples, nominally in [-1, 1].</param>
    /// <param name="sampleRate">Samples per second; must be positive.</param>
    /// <param name="source">File or stream name used in messages.</param>
    public AudioClip(float[] samples, int sampleRate, string source)
    {
        ArgumentNullException.ThrowIfNull(samples);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        Samples = samples;
        SampleRate = sampleRate;
        Source = source;
    }

    /// <summary>Mono samples, nominally in [-1, 1].</summary>
    public float[] Samples { get; }

    /// <summary>Samples per second.</summary>
    public int SampleRate { get; }

    /// <summary>Length of the clip in seconds.</summary>
    public double DurationSeconds => (double)Samples.Length / SampleRate;

    /// <summary>The file or stream the clip was read from, for messages.</summary>
    public string Source { get; }
}
