using BenchmarkDotNet.Attributes;
using EdgeSound.Shared.Inference;
using EdgeSound.Shared.Randomness;
using EdgeSound.Trainer.Export;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeSound.Benchmarks;

/// <summary>
/// One window through the shipped model, batch 1, one thread: ONNX Runtime float
/// (models/esc10.fp32.onnx) and int8 (models/esc10.onnx), against TorchSharp eval of the same
/// trained weights (the study winner the models were exported from). Latency does not depend on the
/// input's content, so the window is seeded noise of the model's input shape.
/// </summary>
[MemoryDiagnoser]
public class ModelLatencyBenchmarks
{
    private TrainedModel _torch = null!;
    private Tensor _torchInput = null!;
    private OnnxWindowClassifier _float = null!, _int8 = null!;
    private float[] _input = [];
    private readonly float[] _probabilities = new float[64];

    [GlobalSetup]
    public void Setup()
    {
        string root = RepositoryRoot();
        torch.set_num_threads(1);
        _torch = TrainedModel.Load(Path.Combine(root, "docs", "results", "esc10-device", "winner"));
        var options = new OnnxClassifierOptions { IntraOpThreads = 1 };
        _float = OnnxWindowClassifier.Open(Path.Combine(root, "models", "esc10.fp32.onnx"), options);
        _int8 = OnnxWindowClassifier.Open(Path.Combine(root, "models", "esc10.onnx"), options);

        var rng = new SplitMix64(42);
        _input = new float[_float.Metadata.InputLength];
        for (int i = 0; i < _input.Length; i++) _input[i] = (float)(rng.NextDouble() * 10 - 15); // log-mel-like values
        _torchInput = torch.tensor(_input).reshape([1, .. _float.Metadata.InputShape]);
    }

    [Benchmark(Baseline = true, Description = "TorchSharp eval (float)")]
    public float TorchSharpEval()
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        return _torch.Module.forward(_torchInput)[0, 0].item<float>();
    }

    [Benchmark(Description = "ONNX Runtime float")]
    public float OnnxFloat()
    {
        _float.Classify(_input, 1, _probabilities);
        return _probabilities[0];
    }

    [Benchmark(Description = "ONNX Runtime int8")]
    public float OnnxInt8()
    {
        _int8.Classify(_input, 1, _probabilities);
        return _probabilities[0];
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _torch.Dispose();
        _float.Dispose();
        _int8.Dispose();
        _torchInput.Dispose();
    }

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeSound.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException($"No EdgeSound.sln above {AppContext.BaseDirectory}.");
    }
}
