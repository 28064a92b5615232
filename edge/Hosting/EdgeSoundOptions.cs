using EdgeSound.Edge.Pipeline;
using EdgeSound.Edge.Sinks;
using EdgeSound.Shared.Smoothing;

namespace EdgeSound.Edge.Hosting;

/// <summary>
/// The device's settings, bound from the <c>EdgeSound</c> section of appsettings.json, then
/// environment variables (<c>EdgeSound__Mqtt__Password=...</c>), then the command line, each
/// overriding the one before. Defaults here are the ones a fresh Pi runs with.
/// </summary>
public sealed class EdgeSoundOptions
{
    /// <summary>The configuration section these options live in.</summary>
    public const string Section = "EdgeSound";

    /// <summary>The model file; null: models/esc10.onnx beside the app.</summary>
    public string? Model { get; set; }

    /// <summary>This device's name in events and MQTT topics; null: the host name.</summary>
    public string? DeviceId { get; set; }

    /// <summary>ONNX Runtime threads (one keeps the other cores free; a window takes milliseconds).</summary>
    public int Threads { get; set; } = 1;

    public SourceOptions Source { get; set; } = new();
    public ListenOptions Listen { get; set; } = new();
    public SmootherOptions Smoother { get; set; } = new();
    public ConsoleOptions Console { get; set; } = new();
    public JsonlOptions Jsonl { get; set; } = new();
    public GpioOptions Gpio { get; set; } = new();
    public MqttOptions Mqtt { get; set; } = new();
}

/// <summary>Where the audio comes from.</summary>
public sealed class SourceOptions
{
    /// <summary><c>alsa</c> (a microphone), <c>file</c> (a WAV) or <c>stdin</c> (raw PCM).</summary>
    public string Kind { get; set; } = "alsa";

    /// <summary>ALSA device name: <c>default</c>, <c>hw:1,0</c>, <c>plughw:1,0</c> (see <c>edgesound devices</c>).</summary>
    public string Device { get; set; } = "default";

    /// <summary>Capture / stdin rate in Hz; null for ALSA: the device's own (48 kHz asked).</summary>
    public int? SampleRate { get; set; }

    /// <summary>Capture / stdin channels (down-mixed to mono); null for ALSA: the device's minimum.</summary>
    public int? Channels { get; set; }

    /// <summary>S16_LE, S32_LE or FLOAT_LE; null for ALSA: the first the device takes.</summary>
    public string? Format { get; set; }

    /// <summary>A WAV file for <c>file</c>.</summary>
    public string? File { get; set; }

    /// <summary>For <c>file</c>: play at real-time pace (true) or as fast as possible (false).</summary>
    public bool Paced { get; set; } = true;

    /// <summary>An ALSA configuration text defining <see cref="Device"/> (tests, unusual set-ups); null: the system's.</summary>
    public string? AlsaConfig { get; set; }
}

/// <summary>How the stream is cut into windows and how long to listen.</summary>
public sealed class ListenOptions
{
    /// <summary>Seconds between windows (at most 0.5); null: the model's hop.</summary>
    public double? HopSeconds { get; set; }

    /// <summary>Audio buffered while classification catches up (oldest dropped beyond it).</summary>
    public double QueueSeconds { get; set; } = PipelineSettings.DefaultQueueSeconds;

    /// <summary>Make a source faster than real time wait instead of dropping audio; null: only for an unpaced file.</summary>
    public bool? WaitWhenBehind { get; set; }

    /// <summary>Stop after this many seconds of audio; null: run until stopped.</summary>
    public double? DurationSeconds { get; set; }
}

/// <summary>How window probabilities become events (see SmootherSettings for the reasoning behind the defaults).</summary>
public sealed class SmootherOptions
{
    public int AverageWindows { get; set; } = SmootherSettings.DefaultAverageWindows;
    public int MinimumWindows { get; set; } = SmootherSettings.DefaultMinimumWindows;
    public float Threshold { get; set; } = SmootherSettings.DefaultThreshold;
    public double SuppressionSeconds { get; set; } = SmootherSettings.DefaultSuppressionSeconds;
    public double SilenceDbfs { get; set; } = SmootherSettings.DefaultSilenceDbfs;

    /// <summary>Only these labels raise events (empty: all).</summary>
    public List<string> Labels { get; set; } = [];
}

public sealed class ConsoleOptions
{
    /// <summary>Print events (and, on a terminal, a live line) on standard output.</summary>
    public bool Enabled { get; set; } = true;
}

public sealed class JsonlOptions
{
    /// <summary>The JSONL file; null or empty: no file.</summary>
    public string? Path { get; set; }
    public long MaxBytes { get; set; } = JsonlSinkSettings.DefaultMaxBytes;
    public int Keep { get; set; } = JsonlSinkSettings.DefaultKeep;
}

public sealed class GpioOptions
{
    /// <summary>Pins to drive on chosen labels (empty: GPIO unused).</summary>
    public List<GpioPinOptions> Pins { get; set; } = [];
}

public sealed class GpioPinOptions
{
    /// <summary>BCM (GPIO) pin number, e.g. 17 for physical pin 11.</summary>
    public int Pin { get; set; }
    public List<string> Labels { get; set; } = [];
    public int HoldMilliseconds { get; set; } = GpioPinRule.DefaultHoldMilliseconds;
    public bool ActiveHigh { get; set; } = true;
}

public sealed class MqttOptions
{
    /// <summary>The broker; null or empty: no MQTT.</summary>
    public string? Host { get; set; }
    public int Port { get; set; } = MqttSinkSettings.DefaultPort;
    public string TopicPrefix { get; set; } = MqttSinkSettings.DefaultTopicPrefix;

    /// <summary>From appsettings.json or the environment (<c>EdgeSound__Mqtt__Username</c>), never the command line.</summary>
    public string? Username { get; set; }

    /// <summary>From appsettings.json or the environment (<c>EdgeSound__Mqtt__Password</c>), never the command line.</summary>
    public string? Password { get; set; }
    public bool UseTls { get; set; }
    public string? CaFile { get; set; }
    public int QueueCapacity { get; set; } = MqttSinkSettings.DefaultQueueCapacity;
    public bool HomeAssistantDiscovery { get; set; } = true;

    /// <summary>Home Assistant's discovery prefix, where its MQTT integration was set to another one.</summary>
    public string DiscoveryPrefix { get; set; } = MqttSinkSettings.DefaultDiscoveryPrefix;
}
