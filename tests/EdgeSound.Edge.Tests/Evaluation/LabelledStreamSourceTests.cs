using EdgeSound.Edge.Evaluation;
using EdgeSound.Edge.Tests.Pipeline;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Data;
using Xunit;

namespace EdgeSound.Edge.Tests.Evaluation;

public sealed class LabelledStreamSourceTests : IDisposable
{
    private const int Rate = 16000;
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-stream-");

    public void Dispose() => _folder.Delete(recursive: true);

    /// <summary>A WAV of <paramref name="seconds"/> of tone, with its second half digital silence (ESC pads short clips with zeros).</summary>
    private ClipRecord Clip(string name, string label, double seconds)
    {
        var samples = new float[(int)(seconds * Rate)];
        TestSignals.AddTone(samples, Rate, 0, seconds / 2, 500, 0.3f);
        var path = Path.Combine(_folder.FullName, name);
        WavWriter.WritePcm16(path, samples, Rate);
        return new ClipRecord(path, name, 0, label, 1, null);
    }

    private static float[] ReadAll(LabelledStreamSource source, int chunk)
    {
        var all = new List<float>();
        var buffer = new float[chunk];
        int read;
        while ((read = source.Read(buffer, CancellationToken.None)) > 0) all.AddRange(buffer.AsSpan(0, read));
        return [.. all];
    }

    [Fact]
    public void Clips_lie_between_gaps_of_room_noise_at_the_spans_it_reports()
    {
        var clips = new[] { Clip("1-1-A-0.wav", "dog", 1.0), Clip("1-2-A-1.wav", "rooster", 2.0) };
        using var source = new LabelledStreamSource(clips, Rate, gapSeconds: 0.5);

        var samples = ReadAll(source, 777);

        Assert.Equal((0.5 + 1.0 + 0.5 + 2.0 + 0.5) * Rate, samples.Length);
        Assert.Equal(samples.Length / (double)Rate, source.SecondsRead, 9);
        Assert.Equal([new ClipSpan("1-1-A-0.wav", "dog", 0.5, 1.5), new ClipSpan("1-2-A-1.wav", "rooster", 2.0, 4.0)], source.Spans);
        // No digital silence anywhere: gaps and the clips' zero padding carry a quiet room's noise.
        int longestZeroRun = 0, run = 0;
        foreach (float x in samples) longestZeroRun = Math.Max(longestZeroRun, run = x == 0f ? run + 1 : 0);
        Assert.InRange(longestZeroRun, 0, 1); // a tone's first sample, sin(0), is the only zero
        float GapPeak(double from, double to) => samples[(int)(from * Rate)..(int)(to * Rate)].Max(Math.Abs);
        Assert.InRange(GapPeak(0, 0.5), 1e-5f, 0.01f);
        Assert.InRange(GapPeak(1.0, 2.0), 1e-5f, 0.01f); // the dog's padded half, then the gap
        Assert.InRange(GapPeak(0.5, 1.0), 0.25f, 0.31f); // the dog's tone
    }

    [Fact]
    public void The_stream_is_the_same_whatever_the_read_size_and_clips_are_loaded_as_reached()
    {
        var clips = new[] { Clip("1-1-A-0.wav", "dog", 1.0), Clip("1-2-A-1.wav", "rooster", 1.0) };
        using var small = new LabelledStreamSource(clips, Rate, 0.25);
        using var large = new LabelledStreamSource(clips, Rate, 0.25);

        var buffer = new float[Rate / 10];
        small.Read(buffer, CancellationToken.None);
        Assert.Empty(small.Spans); // still in the first gap: no clip read yet

        float[] inPieces = [.. buffer, .. ReadAll(small, 333)];
        Assert.Equal(ReadAll(large, 48_000), inPieces);
    }

    [Fact]
    public void A_clip_that_is_not_a_wav_file_is_named_in_the_error()
    {
        var bad = Path.Combine(_folder.FullName, "1-9-A-0.wav");
        File.WriteAllText(bad, "not audio");
        using var source = new LabelledStreamSource([new ClipRecord(bad, "1-9-A-0.wav", 0, "dog", 1, null)], Rate, 0.1);

        var error = Assert.Throws<WavFormatException>(() => ReadAll(source, 4096));
        Assert.Contains("1-9-A-0.wav", error.Message);
    }

    [Fact]
    public void Bad_arguments_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new LabelledStreamSource([], Rate));
        var clip = Clip("1-1-A-0.wav", "dog", 0.5);
        Assert.Throws<ArgumentOutOfRangeException>(() => new LabelledStreamSource([clip], Rate, gapSeconds: -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LabelledStreamSource([clip], 100));
    }
}
