namespace EdgeSound.Shared.Features;

/// <summary>
/// Log-mel features of a whole clip at once (the trainer's path). Not thread-safe: one instance per thread.
/// </summary>
public sealed class LogMelExtractor
{
    private readonly LogMelFrameComputer _frames;
    private readonly float[] _edgeFrame; // frames that overlap the Center padding are assembled here

    /// <summary>Prepares an extractor for a valid <paramref name="config"/> (validates it).</summary>
    public LogMelExtractor(FeatureConfig config)
    {
        _frames = new LogMelFrameComputer(config);
        _edgeFrame = new float[config.FftSize];
    }

    /// <summary>The configuration this extractor implements.</summary>
    public FeatureConfig Config => _frames.Config;

    /// <summary>
    /// Features of <paramref name="samples"/> (already at Config.SampleRate): Config.FrameCount(samples.Length)
    /// frames, frame k covering padded samples [k·hop, k·hop + FftSize).
    /// </summary>
    public FeatureMatrix Extract(ReadOnlySpan<float> samples)
    {
        var config = Config;
        var result = new FeatureMatrix(config.FrameCount(samples.Length), config.MelCount);
        int frameLength = config.FftSize, pad = config.PadLength;
        for (int frame = 0; frame < result.FrameCount; frame++)
        {
            long start = (long)frame * config.HopLength - pad; // in unpadded sample coordinates
            ReadOnlySpan<float> frameSamples;
            if (start >= 0 && start + frameLength <= samples.Length)
            {
                frameSamples = samples.Slice((int)start, frameLength);
            }
            else
            {
                // Zero padding (PadMode.Zero) around whatever part of the signal the frame covers.
                _edgeFrame.AsSpan().Clear();
                long from = Math.Max(0, start), to = Math.Min(samples.Length, start + frameLength);
                if (to > from)
                    samples[(int)from..(int)to].CopyTo(_edgeFrame.AsSpan((int)(from - start)));
                frameSamples = _edgeFrame;
            }
            _frames.Compute(frameSamples, result.Frame(frame));
        }
        return result;
    }
}
