using System.Diagnostics;
using Xunit;

namespace EdgeSound.Shared.Tests.Support;

/// <summary>
/// Debian tools some tests need (python3 with numpy or onnx, mosquitto, ALSA utilities). Missing, a
/// test is skipped with the reason, unless <c>EDGESOUND_REQUIRE_TOOLS=1</c> (set by CI, which installs them).
/// </summary>
public static class ExternalTools
{
    public const string RequireVariable = "EDGESOUND_REQUIRE_TOOLS";
    public const string Python = "/usr/bin/python3";

    public static void RequirePythonModule(string module)
    {
        string? why = null;
        if (!File.Exists(Python)) why = $"{Python} is not installed";
        else if (Run(Python, ["-c", $"import {module}"], out _) != 0) why = $"{Python} has no '{module}' module (apt-get install python3-{module})";
        if (why is null) return;
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            throw new InvalidOperationException($"{why}, and {RequireVariable}=1 demands it.");
        Skip.If(true, why);
    }

    /// <summary>
    /// Skips (or, under <c>EDGESOUND_REQUIRE_TOOLS=1</c>, fails) unless <paramref name="program"/> (an
    /// absolute path, e.g. /usr/sbin/mosquitto) exists; <paramref name="package"/> names the Debian package.
    /// </summary>
    public static void RequireProgram(string program, string package)
    {
        if (File.Exists(program)) return;
        var why = $"{program} is not installed (apt-get install {package})";
        if (Environment.GetEnvironmentVariable(RequireVariable) == "1")
            throw new InvalidOperationException($"{why}, and {RequireVariable}=1 demands it.");
        Skip.If(true, why);
    }

    /// <summary>Runs a program to completion; returns its exit code and (combined) output.</summary>
    public static int Run(string program, IEnumerable<string> arguments, out string output)
    {
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        output = process.StandardOutput.ReadToEnd() + stderr.Result;
        process.WaitForExit();
        return process.ExitCode;
    }
}
