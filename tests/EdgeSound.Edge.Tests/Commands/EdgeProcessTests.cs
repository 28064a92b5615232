using System.Diagnostics;
using EdgeSound.Edge.Commands;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Tests.Support;
using Xunit;

namespace EdgeSound.Edge.Tests.Commands;

/// <summary>The built <c>edgesound</c> as a user runs it: exit codes, one-line errors, a clean stop on SIGTERM.</summary>
public sealed class EdgeProcessTests : IDisposable
{
    private static readonly string App = Path.Combine(AppContext.BaseDirectory, "edgesound.dll");

    /// <summary>Longest a run that should end by itself may take (these take a second or two) before it is killed.</summary>
    private static readonly TimeSpan RunLimit = TimeSpan.FromSeconds(90);
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-process-");

    public void Dispose() => _folder.Delete(recursive: true);

    private static Process Start(params string[] arguments) => Start(environment: null, arguments);

    private static Process Start(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(App);
        foreach (var a in arguments) start.ArgumentList.Add(a);
        foreach (var (name, value) in environment ?? new Dictionary<string, string>()) start.Environment[name] = value;
        return Process.Start(start)!;
    }

    private static (int Code, string Output, string Error) Run(params string[] arguments) => Run(environment: null, arguments);

    private static (int Code, string Output, string Error) Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        using var process = Start(environment, arguments);
        // Both pipes are read at once, so a child that fills one never blocks while the other is awaited.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(RunLimit) || !Task.WaitAll([output, error], TimeSpan.FromSeconds(10)))
        {
            ChildProcesses.KillTree(process);
            Assert.Fail($"edgesound {string.Join(' ', arguments)} did not end within {RunLimit.TotalSeconds} s; it was killed.");
        }
        return (process.ExitCode, output.Result, error.Result);
    }

    [Fact]
    public void A_settings_file_that_does_not_parse_is_one_error_line_naming_it_and_exit_code_2()
    {
        var config = Path.Combine(_folder.FullName, "appsettings.json");
        File.WriteAllText(config, "{ \"EdgeSound\": { \"Source\": ");

        var (code, _, error) = Run("listen", "--config", config);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(config, error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void A_model_file_that_is_not_a_model_is_one_error_line_naming_it_and_exit_code_2()
    {
        var model = Path.Combine(_folder.FullName, "broken.onnx");
        File.WriteAllText(model, "not a model");

        var (code, _, error) = Run("listen", "--model", model, "--quiet");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(model, error);
        Assert.DoesNotContain("   at ", error);
    }

    private string ShortWav()
    {
        var wav = Path.Combine(_folder.FullName, "quiet.wav");
        WavWriter.WritePcm16(wav, new float[16000], 16000, channels: 1);
        return wav;
    }

    [Fact]
    public void A_jsonl_path_that_cannot_be_written_is_one_error_line_naming_it_and_exit_code_2()
    {
        // A folder that cannot be created (a file is in the way): unwritable even for root.
        var blocker = Path.Combine(_folder.FullName, "not-a-folder");
        File.WriteAllText(blocker, "");
        var events = Path.Combine(blocker, "events.jsonl");

        var (code, _, error) = Run("listen", "--file", ShortWav(), "--fast", "--quiet", "--jsonl", events);

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains(events, error);
        Assert.Contains("EdgeSound:Jsonl:Path", error);
        Assert.DoesNotContain("   at ", error);
    }

    [Fact]
    public void A_setting_of_the_wrong_type_is_one_error_line_naming_its_key_and_exit_code_2()
    {
        var environment = new Dictionary<string, string> { ["EdgeSound__Threads"] = "abc" };

        var (code, _, error) = Run(environment, "listen", "--file", ShortWav(), "--fast", "--quiet");

        Assert.Equal(ExitCodes.BadInput, code);
        Assert.Contains("'EdgeSound:Threads'", error);
        Assert.DoesNotContain("   at ", error);
    }

    [SkippableFact]
    public void A_capture_device_that_does_not_exist_names_it_lists_the_devices_and_exits_with_3()
    {
        Audio.FakeMicrophone.RequireLibasound();
        var (code, _, error) = Run("listen", "--device", "hw:29,0", "--quiet");

        Assert.Equal(ExitCodes.DeviceUnavailable, code);
        Assert.Contains("'hw:29,0'", error);
        Assert.Contains("Capture devices here:", error);
        Assert.DoesNotContain("   at ", error);
        Assert.DoesNotContain("ALSA lib", error); // libasound's own lines are kept out of the message
    }

    [SkippableFact]
    public void Libasounds_own_diagnostics_come_back_when_asked_for()
    {
        Audio.FakeMicrophone.RequireLibasound();
        var verbose = new Dictionary<string, string> { ["EDGESOUND_ALSA_VERBOSE"] = "1" };

        var (code, _, error) = Run(verbose, "listen", "--device", "hw:29,0", "--quiet");

        Assert.Equal(ExitCodes.DeviceUnavailable, code);
        Assert.Contains("ALSA lib", error);
        Assert.Contains("'hw:29,0'", error);
    }

    [Fact]
    public async Task Sigterm_stops_listening_cleanly_with_exit_code_0_and_the_events_file_flushed()
    {
        // 30 s of a loud chirp at real-time pace: the process is surely still listening when stopped.
        var samples = new float[16000 * 30];
        for (int i = 0; i < samples.Length; i++)
        {
            double t = i / 16000.0;
            samples[i] = (float)(0.3 * Math.Sin(2 * Math.PI * (300 * t + 200 * (t % 3) * (t % 3))));
        }
        var wav = Path.Combine(_folder.FullName, "chirp.wav");
        WavWriter.WritePcm16(wav, samples, 16000, channels: 1);
        var events = Path.Combine(_folder.FullName, "events.jsonl");

        using var process = Start("listen", "--file", wav, "--jsonl", events, "--quiet", "--threshold", "0.05");
        try
        {
            var error = process.StandardError.ReadToEndAsync();
            // Wait for the first event (the first window is complete after 2.6 s of real-time audio).
            var deadline = DateTime.UtcNow.AddSeconds(20);
            while (!(File.Exists(events) && new FileInfo(events).Length > 0) && DateTime.UtcNow < deadline && !process.HasExited)
                await Task.Delay(100);
            Assert.False(process.HasExited, "the listener stopped by itself");
            ChildProcesses.Terminate(process);
            Assert.True(process.WaitForExit(15_000), "no exit within 15 s of SIGTERM");

            Assert.Equal(ExitCodes.Success, process.ExitCode);
            Assert.Contains("Stopped after", await error.WaitAsync(TimeSpan.FromSeconds(10)));
            Assert.NotEmpty(File.ReadAllLines(events)); // written and flushed per event, file closed cleanly
        }
        finally
        {
            ChildProcesses.KillTree(process); // a failed assertion must not leave it listening
        }
    }

    [Fact]
    public async Task Sigterm_with_an_idle_stdin_producer_abandons_the_read_and_exits_with_0()
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in new[] { App, "listen", "--stdin", "--rate", "16000", "--quiet" }) start.ArgumentList.Add(a);
        using var process = Process.Start(start)!;
        try
        {
            var log = new System.Collections.Concurrent.ConcurrentQueue<string>();
            var listening = new TaskCompletionSource();
            process.ErrorDataReceived += (_, e) =>
            {
                if (e.Data is null) return;
                log.Enqueue(e.Data);
                if (e.Data.Contains("Listening to")) listening.TrySetResult();
            };
            process.BeginErrorReadLine();
            // Standard input stays open and silent: the capture thread sits in a read that cannot be interrupted.
            await listening.Task.WaitAsync(TimeSpan.FromSeconds(20));

            ChildProcesses.Terminate(process);
            Assert.True(process.WaitForExit(15_000), "no exit within 15 s of SIGTERM");
            process.WaitForExit(); // the last stderr lines

            string error = string.Join("\n", log);
            Assert.Equal(ExitCodes.Success, process.ExitCode);
            Assert.Contains("abandoned", error);
            Assert.DoesNotContain("Listening failed", error);
        }
        finally
        {
            ChildProcesses.KillTree(process); // a failed assertion or wait must not leave it listening
        }
    }
}
