using System.Buffers.Binary;
using System.Text.Json;
using EdgeSound.Edge.Commands;
using EdgeSound.Edge.Evaluation;
using EdgeSound.Edge.Hosting;
using EdgeSound.Edge.Sinks;
using EdgeSound.Edge.Tests.Audio;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Smoothing;
using EdgeSound.Shared.Tests.Support;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Edge.Tests.Listen;

/// <summary>
/// The whole device path on real audio: the fold-1 clips of ESC-10 (never used in training), at
/// 48 kHz, one after another with quiet gaps, captured through ALSA (the real libasound, its `file`
/// plugin standing in for a microphone), through <c>listen</c> with the shipped int8 model and the
/// default smoothing, into a JSONL file.
/// </summary>
public sealed class ListenEndToEndTests(ITestOutputHelper output) : IDisposable
{
    private const int Rate = 48000;
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-listen-e2e-");

    public void Dispose() => _folder.Delete(recursive: true);

    [SkippableFact]
    public void Listening_to_the_test_fold_through_alsa_reports_each_clips_sound_inside_it_and_nothing_in_the_silence()
    {
        var root = Esc10Data.RootOrSkip();
        FakeMicrophone.RequireLibasound();
        var clips = Esc50DatasetReader.Read(root, EscSubset.Esc10).ClipsInFolds(1);

        // The stream (gap, clip, gap, clip, ..., gap) as raw S16_LE mono at 48 kHz for the ALSA file plugin.
        using var stream = new LabelledStreamSource(clips, Rate);
        var pcm = new List<byte>();
        var chunk = new float[Rate];
        var bytes = new byte[2 * chunk.Length];
        int read;
        while ((read = stream.Read(chunk, CancellationToken.None)) > 0)
        {
            for (int i = 0; i < read; i++)
                BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), (short)Math.Clamp(Math.Round(chunk[i] * 32767.0), -32768, 32767));
            pcm.AddRange(bytes.AsSpan(0, 2 * read));
        }
        var spans = stream.Spans;
        double total = stream.SecondsRead;
        using var microphone = new FakeMicrophone(pcm.ToArray());
        var events = Path.Combine(_folder.FullName, "events.jsonl");

        var overrides = new Dictionary<string, string?>
        {
            ["EdgeSound:Model"] = Path.Combine(RepositoryFiles.Models, "esc10.onnx"),
            ["EdgeSound:Source:Kind"] = "alsa",
            ["EdgeSound:Source:Device"] = FakeMicrophone.DeviceName,
            ["EdgeSound:Source:AlsaConfig"] = microphone.ConfigText,
            ["EdgeSound:Source:SampleRate"] = "48000",
            ["EdgeSound:Source:Channels"] = "1",
            ["EdgeSound:Source:Format"] = "S16_LE",
            // The file plugin has no clock and no end: let the capture wait for the pipeline, and stop at the stream's length.
            ["EdgeSound:Listen:WaitWhenBehind"] = "true",
            ["EdgeSound:Listen:DurationSeconds"] = total.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["EdgeSound:Console:Enabled"] = "false",
            ["EdgeSound:Jsonl:Path"] = events,
        };
        using (var host = ListenCommand.BuildHost(configFile: null, overrides))
        {
            var service = host.Services.GetRequiredService<ListenService>();
            host.Run();
            Assert.Null(service.Failure);
            Assert.Equal(0, service.Stats!.DroppedSamples);
        }

        var detections = File.ReadAllLines(events).Select(line =>
        {
            using var doc = JsonDocument.Parse(line);
            var e = doc.RootElement;
            return new Detection(e.GetProperty(DetectionJson.Time).GetDateTimeOffset(), e.GetProperty(DetectionJson.Label).GetString()!,
                e.GetProperty(DetectionJson.Confidence).GetSingle(), e.GetProperty(DetectionJson.Start).GetDouble(),
                e.GetProperty(DetectionJson.End).GetDouble(), e.GetProperty(DetectionJson.LevelDbfs).GetDouble());
        }).ToArray();

        // The rules (a clip is heard by an event with its label whose window's middle lies in it; an
        // event whose window overlaps no clip is in silence) are StreamScore's, as `edgesound evaluate` reports them.
        var score = StreamScore.Of(spans, detections);
        output.WriteLine($"{score.Clips} clips, {total:F0} s of audio, {score.Events} events; clips heard with their label: {score.Heard.Count} ({score.HeardFraction:P1}); events in silence: {score.EventsInSilence}");
        // Reported, not asserted (it is the model's precision): events with another label than the clip they overlap.
        output.WriteLine($"events with another label than the clip they overlap: {score.EventsWithAnotherLabel}, of them from windows across a clip's onset: {score.EventsWithAnotherLabelAtOnset}");
        foreach (var missed in score.Missed)
            output.WriteLine($"  missed {missed.Clip.Name} ({missed.Clip.Label}): {string.Join(", ", missed.HeardAs)}");

        Assert.Equal(0, score.EventsInSilence);
        // The product's target is 90% (issue 5). The shipped model (87.5% clip accuracy on fold 1) is
        // heard on 70 of the 80 clips here (87.5%): this bound guards that level, two clips below it.
        // The full study's winner (88.8% on fold 1, too large for the int8 budget) is heard on 71; see
        // models/MODEL_CARD.md.
        const double Required = 0.85;
        Assert.True(score.HeardFraction >= Required, $"only {score.Heard.Count} of {score.Clips} clips ({score.HeardFraction:P1}) were heard with their label; {Required:P0} needed.");
    }
}
