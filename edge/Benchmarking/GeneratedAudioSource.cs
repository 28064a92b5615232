using EdgeSound.Edge.Audio;
using EdgeSound.Shared.Randomness;

namespace EdgeSound.Edge.Benchmarking;

/// <summary>
/// Endless synthetic "room" audio made on the fly (so an hour of it costs no memory): noise with
/// a repeating pattern of bursts (tone sweeps and clicks) and quiet, as fast as it is read. For
/// measuring the pipeline's speed and memory, not its accuracy.
/// </summary>
public sealed class GeneratedAudioSource(int sampleRate, double seconds) : IAudioSource
{
    private readonly long _total = (long)(sampleRate * seconds);
    private readonly SplitMix64 _noise = new(11);
    private long _position;

    public int SampleRate { get; } = sampleRate;
    public string Description => $"generated {SampleRate} Hz, {_total / (double)SampleRate:F0} s";
    public AudioSourceStats Stats { get; } = new();

    public int Read(Span<float> buffer, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        int n = (int)Math.Min(buffer.Length, _total - _position);
        for (int i = 0; i < n; i++, _position++)
        {
            double t = _position / (double)SampleRate;
            double cycle = t % 4.0; // 4-s pattern: 1.5 s sweep, 0.5 s clicks, 2 s quiet
            double x = 0.003 * (_noise.NextDouble() * 2 - 1);
            if (cycle < 1.5) x += 0.2 * Math.Sin(2 * Math.PI * (300 + 400 * cycle) * cycle);
            else if (cycle < 2.0 && (_position % (SampleRate / 10)) < 40) x += 0.5;
            buffer[i] = (float)x;
        }
        return n;
    }

    public void Dispose() { }
}
