using System.Text.Json;

namespace EdgeSound.Benchmarks;

/// <summary>One model's result, serialised to the same JSON line as tools/bench_train_epoch.py prints.</summary>
public sealed record EpochTiming(
    string Framework,
    string Version,
    string Model,
    int Threads,
    long TrainableParameters,
    int StepsPerEpoch,
    int EvalWindows,
    int Epochs,
    double SecondsPerEpoch,
    IReadOnlyList<double> EpochSeconds)
{
    private static readonly JsonSerializerOptions JsonOptions = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    /// <summary>The result as one JSON line (snake_case keys, as the Python peer writes them).</summary>
    public string ToJsonLine() => JsonSerializer.Serialize(this, JsonOptions);
}
