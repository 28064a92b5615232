using System.Buffers.Binary;
using System.Text.Json;
using EdgeSound.Edge.Commands;
using EdgeSound.Edge.Hosting;
using EdgeSound.Edge.Tests.Audio;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Randomness;
using EdgeSound.Shared.Tests.Support;
using EdgeSound.Shared.Windowing;
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
    // 6 s: about seven hops of windows (2.56 s) lie wholly in each gap, so silence is really tested.
    private const double GapSeconds = 6.0;
    // A quiet room: a microphone never gives digital zeros. The clips' own ESC padding (exact zeros)
    // gets the same floor, as the trainer's scoring does.
    private const float RoomNoiseRms = DigitalSilence.DefaultNoiseRms; // -70 dBFS
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-listen-e2e-");

    public void Dispose() => _folder.Delete(recursive: true);

    private sealed record ClipSpan(string Name, string Label, double Start, double End);

    [SkippableFact]
    public void Listening_to_the_test_fold_through_alsa_reports_each_clips_sound_inside_it_and_nothing_in_the_silence()
    {
        var root = Esc10Data.RootOrSkip();
        FakeMicrophone.RequireLibasound();
        var clips = Esc50DatasetReader.Read(root, EscSubset.Esc10).ClipsInFolds(1);

        // The stream: gap, clip, gap, clip, ..., gap; raw S16_LE mono at 48 kHz.
        var spans = new List<ClipSpan>();
        var pcm = new List<byte>();
        var rng = new SplitMix64(5);
        double t = 0;
        void AppendRoom(int samples)
        {
            var room = new float[samples];
            DigitalSilence.MaskWithNoise(room, rng.NextUInt64(), RoomNoiseRms);
            AppendPcm(room);
        }
        void AppendPcm(float[] samples)
        {
            var bytes = new byte[samples.Length * 2];
            for (int i = 0; i < samples.Length; i++)
                BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(2 * i), (short)Math.Clamp(Math.Round(samples[i] * 32767.0), -32768, 32767));
            pcm.AddRange(bytes);
            t += samples.Length / (double)Rate;
        }
        AppendRoom((int)(GapSeconds * Rate));
        foreach (var clip in clips)
        {
            var audio = AudioFileLoader.Load(clip.AudioPath, Rate);
            DigitalSilence.MaskWithNoise(audio, StableHash.Of(clip.FileName, seed: 0), RoomNoiseRms);
            double start = t;
            AppendPcm(audio);
            spans.Add(new ClipSpan(clip.FileName, clip.Label, start, t));
            AppendRoom((int)(GapSeconds * Rate));
        }
        double total = t;
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
            return (Label: e.GetProperty("label").GetString()!, Start: e.GetProperty("start").GetDouble(), End: e.GetProperty("end").GetDouble());
        }).ToArray();

        // A clip is heard when an event with its label has the middle of its window inside the clip.
        static double Middle((string Label, double Start, double End) d) => (d.Start + d.End) / 2;
        static bool Overlaps((string Label, double Start, double End) d, ClipSpan s) => d.End > s.Start && d.Start < s.End;
        var heard = spans.Where(s => detections.Any(d => d.Label == s.Label && Middle(d) >= s.Start && Middle(d) <= s.End)).ToArray();
        // Silence: a window that holds no clip audio at all must never report. The gaps are long enough
        // for several such windows each (a window that reaches into a clip hears that clip's sound).
        var inSilence = detections.Where(d => !spans.Any(s => Overlaps(d, s))).ToArray();
        double fraction = heard.Length / (double)spans.Count;
        output.WriteLine($"{spans.Count} clips, {total:F0} s of audio, {detections.Length} events; clips heard with their label: {heard.Length} ({fraction:P1}); events in silence: {inSilence.Length}");
        // Reported, not asserted (it is the model's precision): events with another label than the clip they overlap.
        int wrong = spans.Sum(s => detections.Count(d => d.Label != s.Label && Overlaps(d, s)));
        int wrongAtOnset = spans.Sum(s => detections.Count(d => d.Label != s.Label && d.Start < s.Start && d.End > s.Start));
        output.WriteLine($"events with another label than the clip they overlap: {wrong}, of them from windows across a clip's onset: {wrongAtOnset}");
        foreach (var missed in spans.Except(heard))
            output.WriteLine($"  missed {missed.Name} ({missed.Label}): {string.Join(", ", detections.Where(d => Overlaps(d, missed)).Select(d => d.Label))}");

        Assert.Empty(inSilence);
        // The product's target is 90% (issue 5). The shipped model (87.5% clip accuracy on fold 1) is
        // heard on 70 of the 80 clips here (87.5%): this bound guards that level, two clips below it.
        // The full study's winner (88.8% on fold 1, too large for the int8 budget) is heard on 71; see
        // models/MODEL_CARD.md.
        const double Required = 0.85;
        Assert.True(fraction >= Required, $"only {heard.Length} of {spans.Count} clips ({fraction:P1}) were heard with their label; {Required:P0} needed.");
    }
}
