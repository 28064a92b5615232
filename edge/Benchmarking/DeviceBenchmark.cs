using System.Diagnostics;
using EdgeSound.Edge.Pipeline;
using EdgeSound.Shared.Dsp;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.Inference;

namespace EdgeSound.Edge.Benchmarking;

/// <summary>
/// What <c>edgesound bench</c> measures on this device, one thread: model load time, feature time
/// per hop (resample + log-mel), one window's inference for the float and the int8 model, and the
/// whole pipeline over a long generated stream as fast as possible (real-time factor, time and
/// allocations per hop, resident memory and its growth).
/// </summary>
public static class DeviceBenchmark
{
    /// <summary>Capture rate of the generated audio (a typical USB microphone's).</summary>
    public const int SourceRate = 48000;

    public static void Run(string floatModel, string int8Model, double pipelineSeconds, TextWriter output)
    {
        // The app runs with invariant globalization (Directory.Build.props): numbers print with '.' everywhere.
        void line(string text) => output.WriteLine(text);
        double startUp = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        line($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, {System.Runtime.InteropServices.RuntimeInformation.ProcessArchitecture}, {DateTime.UtcNow:yyyy-MM-dd}");

        var options = new OnnxClassifierOptions { IntraOpThreads = 1 };
        var load = Stopwatch.StartNew();
        using var int8 = OnnxWindowClassifier.Open(int8Model, options);
        double int8Load = load.Elapsed.TotalMilliseconds;
        var input = new float[int8.Metadata.InputLength];
        var probabilities = new float[int8.Metadata.Labels.Count];
        int8.Classify(input, 1, probabilities);
        double firstInference = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
        load.Restart();
        using var fp32 = OnnxWindowClassifier.Open(floatModel, options);
        double floatLoad = load.Elapsed.TotalMilliseconds;
        line($"start-up: process start to first int8 inference {firstInference:F0} ms (runtime start {startUp:F0} ms); model load int8 {int8Load:F0} ms, float {floatLoad:F0} ms");

        var features = int8.Metadata.Features;
        double hopSeconds = int8.Metadata.HopFrames * features.HopLength / (double)features.SampleRate;
        line($"feature time per hop ({hopSeconds:F2} s of {SourceRate} Hz audio -> {features.SampleRate} Hz log-mel): {FeatureMicrosecondsPerHop(features, hopSeconds):F0} us");

        var random = new Random(3);
        for (int i = 0; i < input.Length; i++) input[i] = (float)(random.NextDouble() * 10 - 15);
        double floatMs = MedianMilliseconds(() => fp32.Classify(input, 1, probabilities));
        double int8Ms = MedianMilliseconds(() => int8.Classify(input, 1, probabilities));
        line($"inference per window, batch 1, 1 thread (median of 200): float {floatMs:F3} ms, int8 {int8Ms:F3} ms (int8/float {int8Ms / floatMs:F2})");

        PipelineRun(int8, pipelineSeconds, hopSeconds, line);
    }

    private static double FeatureMicrosecondsPerHop(FeatureConfig features, double hopSeconds)
    {
        var resampler = new StreamingResampler(Resampler.ForRates(SourceRate, features.SampleRate));
        var extractor = new StreamingLogMelExtractor(features);
        var chunk = new float[(int)(SourceRate * hopSeconds)];
        var random = new Random(5);
        for (int i = 0; i < chunk.Length; i++) chunk[i] = (float)(random.NextDouble() * 0.2 - 0.1);
        var resampled = new float[resampler.MaxOutputLength(chunk.Length)];
        FrameHandler ignore = static (_, _) => { };
        const int hops = 400;
        for (int i = 0; i < 20; i++) extractor.Push(resampled.AsSpan(0, resampler.Process(chunk, resampled)), ignore);
        var watch = Stopwatch.StartNew();
        for (int i = 0; i < hops; i++) extractor.Push(resampled.AsSpan(0, resampler.Process(chunk, resampled)), ignore);
        return watch.Elapsed.TotalMicroseconds / hops;
    }

    private static double MedianMilliseconds(Action action)
    {
        for (int i = 0; i < 20; i++) action();
        var times = new double[200];
        for (int i = 0; i < times.Length; i++)
        {
            long start = Stopwatch.GetTimestamp();
            action();
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        return times[times.Length / 2];
    }

    private static void PipelineRun(IWindowClassifier classifier, double seconds, double hopSeconds, Action<string> line)
    {
        // Warm-up run (JIT, ORT arenas), then the measured one.
        new ListenPipeline(new GeneratedAudioSource(SourceRate, 30), classifier, [], new PipelineSettings { WaitWhenBehind = true }).Run(CancellationToken.None);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        using var self = Process.GetCurrentProcess();
        self.Refresh();
        long rssBefore = self.WorkingSet64;
        long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        using var source = new GeneratedAudioSource(SourceRate, seconds);
        var pipeline = new ListenPipeline(source, classifier, [], new PipelineSettings { WaitWhenBehind = true });
        var watch = Stopwatch.StartNew();
        var stats = pipeline.Run(CancellationToken.None);
        double wall = watch.Elapsed.TotalSeconds;

        long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
        self.Refresh();
        long rssAfter = self.WorkingSet64;
        line($"pipeline ({stats.StreamSeconds:F0} s of generated {SourceRate} Hz audio, int8 model, hop {hopSeconds:F2} s, as fast as possible): " +
             $"{wall:F1} s wall, real-time factor {wall / stats.StreamSeconds:F4}, {wall * 1000 / stats.WindowsClassified:F2} ms per hop " +
             $"(resample + features + inference + smoothing), {stats.WindowsClassified} windows, {stats.DroppedSamples} dropped");
        line($"memory: resident {rssBefore / 1048576.0:F1} MB before, {rssAfter / 1048576.0:F1} MB after (growth {(rssAfter - rssBefore) / 1048576.0:F1} MB); " +
             $"allocated {allocated / (double)stats.WindowsClassified:F1} B per hop (all threads)");
    }
}
