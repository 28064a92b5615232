using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Dsp;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.Inference;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Windowing;
using Xunit;

namespace EdgeSound.Shared.Tests.Inference;

public sealed class ClipClassifierTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgesound-clip-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    /// <summary>A chirp, a stretch of digital silence (masked by the scoring plan), then noise: at 22.05 kHz, so it is resampled.</summary>
    private static float[] SyntheticClip(int rate, double seconds)
    {
        var samples = new float[(int)(rate * seconds)];
        var random = new Random(5);
        double phase = 0;
        for (int i = 0; i < samples.Length; i++)
        {
            double t = (double)i / rate;
            if (t < seconds * 0.4)
            {
                phase += 2 * Math.PI * (200 + 2500 * t / seconds) / rate;
                samples[i] = (float)(0.5 * Math.Sin(phase));
            }
            else if (t > seconds * 0.55)
            {
                samples[i] = (float)(0.2 * (random.NextDouble() * 2 - 1));
            }
        }
        return samples;
    }

    [Fact]
    public void A_clip_scored_in_batches_equals_window_by_window_manual_scoring()
    {
        var path = Path.Combine(_folder, "tiny.onnx");
        TinyModels.SaveLogMel(path);
        using var model = OnnxWindowClassifier.Open(path);
        const int rate = 22050;
        var clip = SyntheticClip(rate, 1.6);

        var score = new ClipClassifier(model, batchSize: 3).Score(clip, rate, "synthetic.wav");

        // By hand: the shared resampler, the scoring plan, each window's log-mel (mel-major), one window per call.
        var features = TinyModels.Features;
        var resampled = Resampler.Resample(clip, rate, features.SampleRate);
        var plan = ScoringWindows.Plan(resampled, features, TinyModels.WindowFrames, TinyModels.HopFrames, "synthetic.wav");
        var extractor = new LogMelExtractor(features);
        int labels = TinyModels.Labels.Length, span = features.SamplesForFrames(TinyModels.WindowFrames);
        Assert.True(plan.Starts.Length > 3, "the clip must need more than one batch");
        Assert.Equal(plan.Starts.Length, score.Windows.Count);
        var sums = new double[labels];
        var probabilities = new float[labels];
        for (int w = 0; w < plan.Starts.Length; w++)
        {
            var row = extractor.Extract(plan.Samples.AsSpan(plan.Starts[w] * features.HopLength, span)).ToMelMajor();
            model.Classify(row, 1, probabilities);
            Assert.Equal(plan.Starts[w], score.Windows[w].StartFrame);
            Assert.Equal(plan.Starts[w] * features.HopLength / (double)features.SampleRate, score.Windows[w].StartSeconds, 1e-12);
            Assert.Equal(span / (double)features.SampleRate, score.Windows[w].EndSeconds - score.Windows[w].StartSeconds, 1e-12);
            for (int l = 0; l < labels; l++)
            {
                Assert.Equal(probabilities[l], score.Windows[w].Probabilities[l], 1e-6);
                sums[l] += probabilities[l];
            }
        }
        for (int l = 0; l < labels; l++) Assert.Equal(sums[l] / plan.Starts.Length, score.Probabilities[l], 1e-6);
        int top = Array.IndexOf(score.Probabilities, score.Probabilities.Max());
        Assert.Equal(top, score.TopIndex);
        Assert.Equal(TinyModels.Labels[top], score.TopLabel);
        Assert.Equal(score.Probabilities[top], score.Confidence);
    }

    [Fact]
    public void Scoring_a_wav_file_equals_scoring_its_samples_under_its_file_name()
    {
        var modelPath = Path.Combine(_folder, "tiny.onnx");
        TinyModels.SaveLogMel(modelPath);
        using var model = OnnxWindowClassifier.Open(modelPath);
        var clip = SyntheticClip(16000, 0.9);
        var wavPath = Path.Combine(_folder, "clip-a.wav");
        WavWriter.WritePcm16(wavPath, clip, 16000);

        var classifier = new ClipClassifier(model);
        var fromFile = classifier.ScoreFile(wavPath);
        var fromSamples = classifier.Score(WavReader.Read(wavPath).Samples, 16000, "clip-a.wav");
        Assert.Equal(fromSamples.Probabilities, fromFile.Probabilities);
    }

    [Fact]
    public void A_clip_shorter_than_one_window_is_padded_and_scored_as_one_window()
    {
        var path = Path.Combine(_folder, "tiny.onnx");
        TinyModels.SaveLogMel(path);
        using var model = OnnxWindowClassifier.Open(path);
        var shortClip = SyntheticClip(TinyModels.Features.SampleRate, 0.1);

        var score = new ClipClassifier(model).Score(shortClip, TinyModels.Features.SampleRate, "short.wav");

        var window = Assert.Single(score.Windows);
        Assert.Equal(0, window.StartFrame);
        Assert.Equal(window.Probabilities, score.Probabilities);
        Assert.Equal(1.0, score.Probabilities.Sum(), 1e-5);
        Assert.Throws<ArgumentException>(() => new ClipClassifier(model).Score([], 8000, "empty.wav"));
    }

    [Fact]
    public void A_waveform_model_reads_the_samples_of_each_window()
    {
        var path = Path.Combine(_folder, "wave.onnx");
        var (weights, biases) = TinyModels.SaveWaveform(path);
        using var model = OnnxWindowClassifier.Open(path);
        Assert.Equal(InputKind.Waveform, model.Metadata.InputKind);
        var features = TinyModels.Features;
        // A rising DC level: each window's mean differs, so each window's probabilities differ.
        var clip = Enumerable.Range(0, features.SampleRate).Select(i => 0.05f + i / (float)features.SampleRate * 0.1f).ToArray();

        var score = new ClipClassifier(model, batchSize: 4).Score(clip, features.SampleRate, "ramp.wav");

        int span = features.SamplesForFrames(TinyModels.WindowFrames);
        foreach (var window in score.Windows)
        {
            double mean = clip.AsSpan(window.StartFrame * features.HopLength, span).ToArray().Average(v => (double)v);
            var expected = TinyModels.Softmax(weights.Select((w, l) => w * mean + biases[l]).ToArray());
            for (int l = 0; l < expected.Length; l++) Assert.Equal(expected[l], window.Probabilities[l], 1e-5);
        }
        Assert.NotEqual(score.Windows[0].Probabilities[0], score.Windows[^1].Probabilities[0]);
    }
}
