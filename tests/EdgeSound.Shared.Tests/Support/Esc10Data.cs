using Xunit;

namespace EdgeSound.Shared.Tests.Support;

/// <summary>
/// Where the real ESC-10 data lives for tests. <c>EDGESOUND_DATA</c> points at an ESC-50-layout
/// folder (<c>meta/esc50.csv</c> + <c>audio/</c>). Without it a real-data test is skipped with a
/// visible reason, unless <c>EDGESOUND_REQUIRE_DATA=1</c> (set by CI), where a missing dataset fails.
/// </summary>
public static class Esc10Data
{
    public const string DataVariable = "EDGESOUND_DATA";
    public const string RequireVariable = "EDGESOUND_REQUIRE_DATA";

    /// <summary>The dataset root, or a skip (or a failure in CI) when it is not there.</summary>
    public static string RootOrSkip()
    {
        var root = Environment.GetEnvironmentVariable(DataVariable);
        var present = !string.IsNullOrWhiteSpace(root) && File.Exists(Path.Combine(root, "meta", "esc50.csv"));
        if (present) return root!;

        var why = string.IsNullOrWhiteSpace(root)
            ? $"{DataVariable} is not set"
            : $"{DataVariable}={root} has no meta/esc50.csv";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            throw new InvalidOperationException($"Real-data test cannot run: {why}, and {RequireVariable}=1 demands the dataset.");
        Skip.If(true, $"Real ESC-10 data not available: {why}.");
        return "";
    }
}
