using EdgeSound.Shared.Dsp;

namespace EdgeSound.Shared.Audio;

/// <summary>
/// A WAV file as mono samples at the model's rate: the shared reader, then the shared resampler.
/// Trainer and device load files through this one path, so both see the same samples.
/// </summary>
public static class AudioFileLoader
{
    /// <summary>Reads <paramref name="path"/> and resamples it to <paramref name="sampleRate"/>.</summary>
    /// <exception cref="WavFormatException">The file is not a readable WAV.</exception>
    /// <exception cref="InvalidDataException">The file's rate cannot be converted to <paramref name="sampleRate"/>.</exception>
    public static float[] Load(string path, int sampleRate)
    {
        var clip = WavReader.Read(path);
        if (clip.SampleRate == sampleRate) return clip.Samples;
        try
        {
            return Resampler.Resample(clip.Samples, clip.SampleRate, sampleRate);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"{path}: cannot resample {clip.SampleRate} Hz to {sampleRate} Hz: {e.Message}", e);
        }
    }
}
