using EdgeSound.Edge.Audio;
using EdgeSound.Edge.Pipeline;
using EdgeSound.Edge.Sinks;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Smoothing;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Edge.Hosting;

/// <summary>
/// Turns <see cref="EdgeSoundOptions"/> into the pipeline's parts (source, settings, sinks). Every
/// mistake is an <see cref="ArgumentException"/> naming the setting by its configuration key.
/// </summary>
public static class ListenSetup
{
    private const string Prefix = EdgeSoundOptions.Section;

    /// <summary>Opens the configured audio source (for ALSA: opens the device now, so a bad device fails start-up).</summary>
    public static IAudioSource OpenSource(SourceOptions source, Action<string> log)
    {
        switch (source.Kind.ToLowerInvariant())
        {
            case "alsa":
                return new AlsaCaptureSource(new AlsaCaptureSettings
                {
                    Device = source.Device,
                    SampleRate = source.SampleRate,
                    Channels = source.Channels,
                    Format = source.Format is null ? null : ParseFormat(source.Format),
                    ConfigText = source.AlsaConfig,
                }, log);
            case "file":
                if (string.IsNullOrWhiteSpace(source.File))
                    throw new ArgumentException($"{Prefix}:Source:Kind is 'file' but {Prefix}:Source:File (--file) names no WAV file.");
                return new WavFileSource(Path.GetFullPath(source.File), source.Paced);
            case "stdin":
                if (source.SampleRate is not { } rate || rate <= 0)
                    throw new ArgumentException($"Raw PCM on stdin needs its rate: set {Prefix}:Source:SampleRate (--rate), e.g. 48000.");
                return new PcmStreamSource(Console.OpenStandardInput(), rate, source.Channels ?? 1,
                    source.Format is null ? PcmSampleFormat.S16_LE : ParseFormat(source.Format), "stdin", ownsStream: true);
            default:
                throw new ArgumentException($"{Prefix}:Source:Kind '{source.Kind}' is not one of alsa, file, stdin.");
        }
    }

    /// <summary>The pipeline's settings; an unpaced file waits instead of dropping unless told otherwise.</summary>
    public static PipelineSettings PipelineSettings(EdgeSoundOptions options)
    {
        var s = options.Smoother;
        bool fasterThanRealTime = options.Source.Kind.Equals("file", StringComparison.OrdinalIgnoreCase) && !options.Source.Paced;
        return new PipelineSettings
        {
            HopSeconds = options.Listen.HopSeconds,
            QueueSeconds = options.Listen.QueueSeconds,
            WaitWhenBehind = options.Listen.WaitWhenBehind ?? fasterThanRealTime,
            MaxSeconds = options.Listen.DurationSeconds,
            Smoother = new SmootherSettings
            {
                AverageWindows = s.AverageWindows,
                MinimumWindows = s.MinimumWindows,
                Threshold = s.Threshold,
                SuppressionSeconds = s.SuppressionSeconds,
                SilenceDbfs = s.SilenceDbfs,
                AllowedLabels = s.Labels.Count == 0 ? null : s.Labels,
            },
        };
    }

    /// <summary>Opens the configured sinks, in the order console, JSONL, GPIO, MQTT.</summary>
    public static List<IDetectionSink> OpenSinks(EdgeSoundOptions options, ModelMetadata model, ILoggerFactory logs)
    {
        string device = DeviceId(options);
        var sinks = new List<IDetectionSink>();
        try
        {
            if (options.Console.Enabled) sinks.Add(ConsoleSink.ForStandardOutput());
            if (!string.IsNullOrWhiteSpace(options.Jsonl.Path))
                sinks.Add(OpenJsonl(options.Jsonl, device, logs));
            if (options.Gpio.Pins.Count > 0)
            {
                var rules = options.Gpio.Pins.Select(p => new GpioPinRule(p.Pin, p.Labels, p.HoldMilliseconds, p.ActiveHigh)).ToArray();
                foreach (var label in rules.SelectMany(r => r.Labels))
                    if (!model.Labels.Contains(label, StringComparer.OrdinalIgnoreCase))
                        throw new ArgumentException($"{Prefix}:Gpio:Pins: label '{label}' is not one of the model's ({string.Join(", ", model.Labels)}).");
                sinks.Add(GpioControllerFactory.OpenSink(new GpioSinkSettings(rules), logs.CreateLogger<GpioSink>()));
            }
            if (!string.IsNullOrWhiteSpace(options.Mqtt.Host))
            {
                var m = options.Mqtt;
                sinks.Add(new MqttSink(new MqttSinkSettings(m.Host, device, m.Port, m.TopicPrefix, m.Username, m.Password, m.UseTls, m.CaFile,
                    m.QueueCapacity, HomeAssistantDiscovery: m.HomeAssistantDiscovery, DiscoveryPrefix: m.DiscoveryPrefix, Labels: model.Labels), logs.CreateLogger<MqttSink>()));
            }
            return sinks;
        }
        catch
        {
            foreach (var sink in sinks) sink.Dispose();
            throw;
        }
    }

    private static JsonlSink OpenJsonl(JsonlOptions jsonl, string device, ILoggerFactory logs)
    {
        try
        {
            return new JsonlSink(new JsonlSinkSettings(Path.GetFullPath(jsonl.Path!), device, jsonl.MaxBytes, jsonl.Keep), logs.CreateLogger<JsonlSink>());
        }
        // A folder that cannot be created or a file that cannot be written is a setting to change (the message names the path).
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new ArgumentException($"{Prefix}:Jsonl:Path (--jsonl): {e.Message}", e);
        }
    }

    /// <summary>
    /// The configured device id, or the host name, sanitised as an MQTT topic segment: the JSONL file
    /// and MQTT carry the same <see cref="DetectionJson.Device"/> value, so a consumer can match them.
    /// </summary>
    /// <exception cref="ArgumentException">The id has no letter or digit.</exception>
    public static string DeviceId(EdgeSoundOptions options) =>
        MqttTopics.Sanitise(string.IsNullOrWhiteSpace(options.DeviceId) ? Environment.MachineName : options.DeviceId, $"{Prefix}:DeviceId");

    private static PcmSampleFormat ParseFormat(string text)
    {
        try
        {
            return PcmSampleFormats.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{Prefix}:Source:Format: {e.Message}", e);
        }
    }
}
