using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// In-process: the benchmarks run in this already-built process (with the Debian 12 libtorch fix in
// its output folder) rather than in a freshly generated project. One thread is set by each suite.
var config = DefaultConfig.Instance
    .AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance))
    .WithOptions(ConfigOptions.DisableOptimizationsValidator);
BenchmarkSwitcher.FromAssembly(typeof(EdgeSound.Benchmarks.FeatureBenchmarks).Assembly).Run(args, config);
