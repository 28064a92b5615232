using System.CommandLine;
using System.Globalization;
using EdgeSound.Edge.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Edge.Commands;

/// <summary>
/// <c>edgesound listen</c>: classify live audio continuously and report detections, as a console
/// program or a systemd service (Type=notify). Settings come from appsettings.json (beside the app,
/// or <c>--config</c>), then environment variables (<c>EdgeSound__Section__Key</c>), then these
/// options. Secrets (the MQTT password) have no option: they never appear in the process list.
/// </summary>
public static class ListenCommand
{
    /// <summary>The settings file read when <c>--config</c> is not given (optional).</summary>
    public const string DefaultConfigFile = "appsettings.json";

    public static Command Create()
    {
        var config = new Option<FileInfo?>("--config") { Description = $"Settings file (JSON); default: {DefaultConfigFile} beside the app, if present." };
        var model = ModelLocation.CreateOption();
        var device = new Option<string?>("--device") { Description = "ALSA capture device: default, hw:1,0, plughw:1,0 ... (see 'edgesound devices')." };
        var file = new Option<FileInfo?>("--file") { Description = "Listen to a WAV file instead of a microphone (real-time pace)." };
        var fast = new Option<bool>("--fast") { Description = "With --file: as fast as possible instead of real time." };
        var stdin = new Option<bool>("--stdin") { Description = "Listen to raw PCM on standard input (e.g. arecord -t raw ... | edgesound listen --stdin --rate 48000)." };
        var rate = new Option<int?>("--rate") { Description = "Sample rate in Hz (stdin; ALSA: ask the device for it)." };
        var channels = new Option<int?>("--channels") { Description = "Channel count (stdin; ALSA: ask the device for it); mixed to mono." };
        var format = new Option<string?>("--format") { Description = "Sample format: S16_LE, S32_LE or FLOAT_LE (stdin; ALSA: ask the device for it)." };
        var hop = new Option<double?>("--hop") { Description = "Seconds between windows (at most 0.5); default: the model's." };
        var threshold = new Option<float?>("--threshold") { Description = "Smoothed confidence an event needs (0-1; default 0.6)." };
        var labels = new Option<string?>("--labels") { Description = "Only these labels raise events (comma-separated)." };
        var jsonl = new Option<FileInfo?>("--jsonl") { Description = "Also append events to this JSONL file (size-rotated)." };
        var quiet = new Option<bool>("--quiet") { Description = "No console output of events (the service's journal still gets the log)." };
        var duration = new Option<double?>("--duration") { Description = "Stop after this many seconds of audio." };
        var command = new Command("listen", "Classify live audio continuously and report detections (console, JSONL, GPIO, MQTT).")
        {
            config, model, device, file, fast, stdin, rate, channels, format, hop, threshold, labels, jsonl, quiet, duration,
        };
        command.SetAction(parse =>
        {
            var overrides = new Dictionary<string, string?>();
            void Set(string key, object? value)
            {
                if (value is not null) overrides[$"{EdgeSoundOptions.Section}:{key}"] = Convert.ToString(value, CultureInfo.InvariantCulture);
            }
            if (parse.GetValue(file) is { } wav && parse.GetValue(stdin))
                throw new ArgumentException("--file and --stdin are two different sources: give one.");
            Set("Model", parse.GetValue(model));
            Set("Source:Device", parse.GetValue(device));
            if (parse.GetValue(file) is { } f)
            {
                Set("Source:Kind", "file");
                Set("Source:File", f.FullName);
                Set("Source:Paced", !parse.GetValue(fast));
            }
            if (parse.GetValue(stdin)) Set("Source:Kind", "stdin");
            Set("Source:SampleRate", parse.GetValue(rate));
            Set("Source:Channels", parse.GetValue(channels));
            Set("Source:Format", parse.GetValue(format));
            Set("Listen:HopSeconds", parse.GetValue(hop));
            Set("Listen:DurationSeconds", parse.GetValue(duration));
            Set("Smoother:Threshold", parse.GetValue(threshold));
            var labelList = parse.GetValue(labels)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            Set("Jsonl:Path", parse.GetValue(jsonl)?.FullName);
            if (parse.GetValue(quiet)) Set("Console:Enabled", false);
            return Run(parse.GetValue(config)?.FullName, overrides, labelList);
        });
        return command;
    }

    /// <summary>Builds the host from the settings file, environment and <paramref name="overrides"/>, and runs it until stopped.</summary>
    /// <param name="configFile">The settings file; null: <see cref="DefaultConfigFile"/> beside the app, if present.</param>
    /// <param name="overrides">Configuration keys set by options, over the file and the environment.</param>
    /// <param name="labels"><c>--labels</c>: replaces the configured <c>Smoother:Labels</c> list as a whole; null keeps it.</param>
    /// <returns><see cref="ExitCodes.Success"/> after a clean stop; <see cref="ExitCodes.Failure"/> when listening failed after start.</returns>
    public static int Run(string? configFile, IReadOnlyDictionary<string, string?> overrides, IReadOnlyList<string>? labels = null)
    {
        using var host = BuildHost(configFile, overrides, labels);
        var service = host.Services.GetRequiredService<ListenService>();
        host.Run();
        return service.Failure is null ? ExitCodes.Success : ExitCodes.Failure;
    }

    /// <summary>The listening host: configuration, logging to stderr (stdout carries the events), systemd integration.</summary>
    /// <param name="configFile">The settings file; null: <see cref="DefaultConfigFile"/> beside the app, if present.</param>
    /// <param name="overrides">Configuration keys set by options, over the file and the environment.</param>
    /// <param name="labels">A label list that replaces the configured one as a whole; null keeps it.</param>
    public static IHost BuildHost(string? configFile, IReadOnlyDictionary<string, string?> overrides, IReadOnlyList<string>? labels = null)
    {
        if (configFile is not null && !File.Exists(configFile))
            throw new FileNotFoundException($"{configFile}: no such settings file.", configFile);
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, ContentRootPath = AppContext.BaseDirectory });
        builder.Configuration.AddJsonFile(configFile ?? Path.Combine(AppContext.BaseDirectory, DefaultConfigFile), optional: configFile is null);
        builder.Configuration.AddEnvironmentVariables();
        builder.Configuration.AddInMemoryCollection(overrides);

        builder.Logging.AddConfiguration(builder.Configuration.GetSection("Logging"));
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true);
        builder.Logging.AddFilter("Microsoft.Hosting.Lifetime", LogLevel.Warning);
        // A failed start is reported once, as one line, by Program (the host would log it with a stack trace).
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting", LogLevel.Critical);
        builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Services.AddSystemd();

        builder.Services.Configure<EdgeSoundOptions>(builder.Configuration.GetSection(EdgeSoundOptions.Section));
        // Configuration merges lists by index (a shorter list would keep the file's extra entries): replace it after binding.
        if (labels is not null) builder.Services.PostConfigure<EdgeSoundOptions>(o => o.Smoother.Labels = [.. labels]);
        builder.Services.AddSingleton<ListenService>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<ListenService>());
        return builder.Build();
    }
}
