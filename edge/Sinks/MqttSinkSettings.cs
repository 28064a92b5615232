namespace EdgeSound.Edge.Sinks;

/// <summary>
/// Where and how the MQTT sink publishes. Credentials come from the app's configuration or
/// environment, never from the command line (where any user could read them in the process list).
/// </summary>
/// <param name="Host">The broker's host name or address.</param>
/// <param name="DeviceId">This device's name; sanitised into a topic segment (see <see cref="MqttTopics.Sanitise"/>).</param>
/// <param name="Port">The broker's port (default 1883; brokers usually serve TLS on 8883).</param>
/// <param name="TopicPrefix">First topic segment (default <c>edgesound</c>): events go to <c>edgesound/&lt;device&gt;/event</c>.</param>
/// <param name="Username">Broker user, or null for an anonymous connection.</param>
/// <param name="Password">Broker password (with <paramref name="Username"/>).</param>
/// <param name="UseTls">Connect with TLS (default false).</param>
/// <param name="CaFile">PEM file of the CA that signed the broker's certificate, for a private CA; null trusts the system store.</param>
/// <param name="QueueCapacity">Events held while the broker is away (default 1000); beyond that the oldest is dropped and counted.</param>
/// <param name="ReconnectMin">First wait before reconnecting (default 1 s); doubled after each failure ...</param>
/// <param name="ReconnectMax">... up to this (default 60 s).</param>
/// <param name="HomeAssistantDiscovery">Publish Home Assistant MQTT discovery configs on connect (default true).</param>
/// <param name="DiscoveryPrefix">Home Assistant's discovery prefix (default <c>homeassistant</c>).</param>
/// <param name="Labels">The model's labels: one Home Assistant binary_sensor per label (none when empty).</param>
/// <param name="OffDelaySeconds">Seconds a label's binary_sensor stays on after its event (default 10).</param>
/// <param name="KeepAlive">MQTT keep-alive (default 15 s): the broker publishes the last will after 1.5x this without a word.</param>
/// <param name="ConnectTimeout">How long one connection attempt or publish may take (default 10 s).</param>
/// <param name="DisposeTimeout">How long a clean shutdown waits to deliver queued events before publishing "offline" (default 3 s).</param>
public sealed record MqttSinkSettings(
    string Host,
    string DeviceId,
    int Port = MqttSinkSettings.DefaultPort,
    string TopicPrefix = MqttSinkSettings.DefaultTopicPrefix,
    string? Username = null,
    string? Password = null,
    bool UseTls = false,
    string? CaFile = null,
    int QueueCapacity = MqttSinkSettings.DefaultQueueCapacity,
    TimeSpan? ReconnectMin = null,
    TimeSpan? ReconnectMax = null,
    bool HomeAssistantDiscovery = true,
    string DiscoveryPrefix = MqttSinkSettings.DefaultDiscoveryPrefix,
    IReadOnlyList<string>? Labels = null,
    int OffDelaySeconds = 10,
    TimeSpan? KeepAlive = null,
    TimeSpan? ConnectTimeout = null,
    TimeSpan? DisposeTimeout = null)
{
    /// <summary>Default <see cref="Port"/>: MQTT's plain port (brokers usually serve TLS on 8883).</summary>
    public const int DefaultPort = 1883;

    /// <summary>Default <see cref="TopicPrefix"/>.</summary>
    public const string DefaultTopicPrefix = "edgesound";

    /// <summary>Default <see cref="QueueCapacity"/>: 1000 events, minutes of a busy scene.</summary>
    public const int DefaultQueueCapacity = 1000;

    /// <summary>Default <see cref="DiscoveryPrefix"/>: Home Assistant's own default.</summary>
    public const string DefaultDiscoveryPrefix = "homeassistant";

    /// <summary><see cref="ReconnectMin"/> with its default applied.</summary>
    public TimeSpan ReconnectMinOrDefault => ReconnectMin ?? TimeSpan.FromSeconds(1);

    /// <summary><see cref="ReconnectMax"/> with its default applied.</summary>
    public TimeSpan ReconnectMaxOrDefault => ReconnectMax ?? TimeSpan.FromSeconds(60);

    /// <summary><see cref="KeepAlive"/> with its default applied.</summary>
    public TimeSpan KeepAliveOrDefault => KeepAlive ?? TimeSpan.FromSeconds(15);

    /// <summary><see cref="ConnectTimeout"/> with its default applied.</summary>
    public TimeSpan ConnectTimeoutOrDefault => ConnectTimeout ?? TimeSpan.FromSeconds(10);

    /// <summary><see cref="DisposeTimeout"/> with its default applied.</summary>
    public TimeSpan DisposeTimeoutOrDefault => DisposeTimeout ?? TimeSpan.FromSeconds(3);

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that is wrong.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Host)) throw new ArgumentException("The MQTT sink needs a broker host name.", nameof(Host));
        MqttTopics.Sanitise(DeviceId, nameof(DeviceId));
        MqttTopics.Sanitise(TopicPrefix, nameof(TopicPrefix));
        MqttTopics.Sanitise(DiscoveryPrefix, nameof(DiscoveryPrefix));
        if (Port is < 1 or > 65535) throw new ArgumentOutOfRangeException(nameof(Port), Port, "An MQTT port is 1..65535 (usually 1883, or 8883 for TLS).");
        if (Password is not null && Username is null) throw new ArgumentException("An MQTT password was given without a user name.", nameof(Password));
        if (CaFile is not null && !UseTls) throw new ArgumentException($"A CA file ('{CaFile}') was given but TLS is off; turn UseTls on.", nameof(CaFile));
        if (CaFile is not null && !File.Exists(CaFile)) throw new FileNotFoundException($"The MQTT CA file '{CaFile}' does not exist.", CaFile);
        if (QueueCapacity < 1) throw new ArgumentOutOfRangeException(nameof(QueueCapacity), QueueCapacity, "The MQTT queue must hold at least one event.");
        if (ReconnectMinOrDefault <= TimeSpan.Zero || ReconnectMaxOrDefault < ReconnectMinOrDefault)
            throw new ArgumentException($"Reconnect back-off needs 0 < ReconnectMin ({ReconnectMinOrDefault}) <= ReconnectMax ({ReconnectMaxOrDefault}).", nameof(ReconnectMin));
        if (OffDelaySeconds < 1) throw new ArgumentOutOfRangeException(nameof(OffDelaySeconds), OffDelaySeconds, "The binary_sensor off delay is at least 1 s.");
        if (KeepAliveOrDefault < TimeSpan.FromSeconds(1)) throw new ArgumentOutOfRangeException(nameof(KeepAlive), KeepAlive, "The MQTT keep-alive is at least 1 s.");
    }
}
