using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using EdgeSound.Benchmarks;
using EdgeSound.Trainer.Startup;

// "epoch": seconds per training epoch of the trainer's models (the PyTorch twin is
// tools/bench_train_epoch.py). Anything else goes to the BenchmarkDotNet suites.
if (args.Length > 0 && args[0] == EpochBenchmarkOptions.Mode)
{
    EpochBenchmarkOptions options;
    try
    {
        options = EpochBenchmarkOptions.Parse(args[1..]);
    }
    catch (ArgumentException e)
    {
        Console.Error.WriteLine(e.Message);
        return 2;
    }
    // Before the first tensor, as the trainer does: without it glibc malloc makes libtorch 3-8x slower.
    NativeMemoryTuning.Apply();
    EpochBenchmark.Run(options, Console.Out, Console.Error);
    return 0;
}

// In-process: the benchmarks run in this already-built process (with the Debian 12 libtorch fix in
// its output folder) rather than in a freshly generated project. One thread is set by each suite.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(FeatureBenchmarks).Assembly).Run(args, config);
return 0;
