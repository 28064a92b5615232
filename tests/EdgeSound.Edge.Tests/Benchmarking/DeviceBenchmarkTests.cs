using System.Text.RegularExpressions;
using EdgeSound.Edge.Benchmarking;
using EdgeSound.Shared.Tests.Support;
using Xunit;

namespace EdgeSound.Edge.Tests.Benchmarking;

public sealed class DeviceBenchmarkTests
{
    [Fact]
    public void Generated_audio_is_as_long_as_asked_and_not_silent()
    {
        using var source = new GeneratedAudioSource(8000, 2.5);
        var buffer = new float[3000];
        long total = 0;
        double energy = 0;
        int n;
        while ((n = source.Read(buffer, CancellationToken.None)) > 0)
        {
            total += n;
            for (int i = 0; i < n; i++) energy += buffer[i] * buffer[i];
        }
        Assert.Equal(20000, total);
        Assert.True(energy / total > 1e-4);
    }

    [Fact]
    public void The_bench_reports_every_figure_for_the_shipped_models()
    {
        var output = new StringWriter();
        DeviceBenchmark.Run(Path.Combine(RepositoryFiles.Models, "esc10.fp32.onnx"), Path.Combine(RepositoryFiles.Models, "esc10.onnx"), 20, output);
        var text = output.ToString();

        Assert.Matches(new Regex(@"process start to first int8 inference \d+ ms"), text);
        Assert.Matches(new Regex(@"feature time per hop .*: \d+ us"), text);
        Assert.Matches(new Regex(@"float \d+\.\d+ ms, int8 \d+\.\d+ ms"), text);
        Assert.Matches(new Regex(@"real-time factor 0\.\d+, .* 35 windows, 0 dropped"), text);
        Assert.Matches(new Regex(@"resident \d+\.\d MB before"), text);
    }
}
