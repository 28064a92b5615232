using EdgeSound.Edge.Audio;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Randomness;
using EdgeSound.Shared.Windowing;

namespace EdgeSound.Edge.Evaluation;

/// <summary>
/// Labelled clips one after another with quiet gaps, as a microphone in a quiet room would hear them:
/// gap, clip, gap, ..., clip, gap, at <see cref="SampleRate"/>. Gaps and the clips' own digital
/// silence carry a room's noise (-70 dBFS), never exact zeros. Clips are loaded one at a time as the
/// stream reaches them, so an hour of clips takes no more memory than one; <see cref="Spans"/> tells
/// where each clip landed once it has been read.
/// </summary>
public sealed class LabelledStreamSource : IAudioSource
{
    /// <summary>Default gap: about seven hops of 2.56-s windows lie wholly in it, so silence is really tested.</summary>
    public const double DefaultGapSeconds = 6.0;

    private const float RoomNoiseRms = DigitalSilence.DefaultNoiseRms;

    private readonly IReadOnlyList<ClipRecord> _clips;
    private readonly int _gapSamples;
    private readonly SplitMix64 _gapNoise;
    private readonly List<ClipSpan> _spans = [];
    private float[] _segment = [];
    private int _position;
    private int _nextClip;
    private bool _inGap;
    private long _emitted;

    /// <param name="clips">The clips, in stream order (any WAV the shared loader reads).</param>
    /// <param name="sampleRate">The stream's rate: clips are resampled to it.</param>
    /// <param name="gapSeconds">Quiet before the first clip, between clips and after the last.</param>
    /// <param name="seed">Seeds the room noise, so a stream is the same every time.</param>
    public LabelledStreamSource(IReadOnlyList<ClipRecord> clips, int sampleRate, double gapSeconds = DefaultGapSeconds, ulong seed = 5)
    {
        ArgumentNullException.ThrowIfNull(clips);
        if (clips.Count == 0) throw new ArgumentException("A labelled stream needs at least one clip.", nameof(clips));
        ArgumentOutOfRangeException.ThrowIfLessThan(sampleRate, 8000);
        if (!double.IsFinite(gapSeconds) || gapSeconds < 0)
            throw new ArgumentOutOfRangeException(nameof(gapSeconds), gapSeconds, "The gap must be a finite number of seconds, 0 or more.");
        _clips = clips;
        SampleRate = sampleRate;
        _gapSamples = (int)Math.Round(gapSeconds * sampleRate);
        _gapNoise = new SplitMix64(seed);
        StartGap();
    }

    /// <inheritdoc/>
    public int SampleRate { get; }

    /// <inheritdoc/>
    public string Description => $"{_clips.Count} labelled clips with gaps, at {SampleRate} Hz";

    /// <inheritdoc/>
    public AudioSourceStats Stats { get; } = new();

    /// <summary>The clips read so far, with their spans in stream seconds (all of them once the stream has ended).</summary>
    public IReadOnlyList<ClipSpan> Spans => _spans;

    /// <summary>Seconds of audio read so far (the whole stream's length once it has ended).</summary>
    public double SecondsRead => (double)_emitted / SampleRate;

    /// <inheritdoc/>
    /// <exception cref="WavFormatException">A clip is not a readable WAV file (the message names it).</exception>
    public int Read(Span<float> buffer, CancellationToken cancellation)
    {
        cancellation.ThrowIfCancellationRequested();
        while (_position == _segment.Length)
            if (!NextSegment()) return 0;
        int take = Math.Min(buffer.Length, _segment.Length - _position);
        _segment.AsSpan(_position, take).CopyTo(buffer);
        _position += take;
        _emitted += take;
        return take;
    }

    private bool NextSegment()
    {
        if (_inGap)
        {
            if (_nextClip == _clips.Count) return false;
            StartClip(_clips[_nextClip++]);
        }
        else
        {
            StartGap();
        }
        return true;
    }

    private void StartGap()
    {
        _inGap = true;
        _segment = new float[_gapSamples];
        DigitalSilence.MaskWithNoise(_segment, _gapNoise.NextUInt64(), RoomNoiseRms);
        _position = 0;
    }

    private void StartClip(ClipRecord clip)
    {
        _inGap = false;
        _segment = AudioFileLoader.Load(clip.AudioPath, SampleRate);
        // Each clip's padding gets its own noise, seeded by its name: the same stream whatever the clip order.
        DigitalSilence.MaskWithNoise(_segment, StableHash.Of(clip.FileName, seed: 0), RoomNoiseRms);
        _position = 0;
        double start = (double)_emitted / SampleRate;
        _spans.Add(new ClipSpan(clip.FileName, clip.Label, start, start + (double)_segment.Length / SampleRate));
    }

    /// <inheritdoc/>
    public void Dispose() { }
}
