using System.Buffers;
using System.Reflection;
using System.Text.Json;

namespace EdgeSound.Edge.Sinks;

/// <summary>One retained message of Home Assistant MQTT discovery.</summary>
/// <param name="Topic"><c>&lt;discovery&gt;/&lt;component&gt;/&lt;node&gt;/&lt;object&gt;/config</c>.</param>
/// <param name="Payload">The entity's JSON config (UTF-8).</param>
public sealed record DiscoveryMessage(string Topic, byte[] Payload);

/// <summary>
/// Home Assistant MQTT discovery configs for one device: a <c>sensor</c> whose state is the last
/// detected label (confidence, level and stream times as attributes) and one <c>binary_sensor</c>
/// (device class "sound") per label that turns on with that label's event and off after
/// <see cref="MqttSinkSettings.OffDelaySeconds"/>. All read the event topic, share the device
/// block, and use the status topic for availability, so they show "unavailable" when the device
/// is offline (its last will).
/// </summary>
public static class HomeAssistantDiscovery
{
    /// <summary>The object id of the last-sound sensor.</summary>
    public const string LastSoundObjectId = "last_sound";

    /// <summary>Where Home Assistant announces itself ("online" after a restart: the configs are wanted again).</summary>
    public static string BirthTopic(MqttSinkSettings settings) => Prefix(settings) + "/status";

    private static string Prefix(MqttSinkSettings settings) => MqttTopics.Sanitise(settings.DiscoveryPrefix, nameof(settings.DiscoveryPrefix));

    /// <summary>The configs to publish (retained) after every connect.</summary>
    public static IReadOnlyList<DiscoveryMessage> Build(MqttSinkSettings settings, MqttTopics topics)
    {
        string node = "edgesound_" + topics.Device;
        string prefix = Prefix(settings);
        var messages = new List<DiscoveryMessage>
        {
            new($"{prefix}/sensor/{node}/{LastSoundObjectId}/config", Json(writer =>
            {
                WriteCommon(writer, topics, node, "Last sound", $"{node}_{LastSoundObjectId}");
                writer.WriteString("value_template", "{{ value_json.label }}");
                writer.WriteString("json_attributes_topic", topics.Event);
                writer.WriteString("json_attributes_template",
                    "{{ {'confidence': value_json.confidence, 'level_dbfs': value_json.level_dbfs, " +
                    "'start': value_json.start, 'end': value_json.end, 'time': value_json.time} | tojson }}");
                writer.WriteString("icon", "mdi:waveform");
            })),
        };
        foreach (string label in settings.Labels ?? [])
        {
            string objectId = MqttTopics.Sanitise(label, nameof(settings.Labels)).ToLowerInvariant();
            messages.Add(new($"{prefix}/binary_sensor/{node}/{objectId}/config", Json(writer =>
            {
                WriteCommon(writer, topics, node, label, $"{node}_{objectId}");
                // Renders ON for this label and nothing for others: Home Assistant ignores an empty
                // payload, so another label's event neither turns this sensor on nor cuts it short.
                writer.WriteString("value_template", $"{{% if value_json.label == '{EscapeForJinja(label)}' %}}ON{{% endif %}}");
                writer.WriteString("payload_on", "ON");
                writer.WriteNumber("off_delay", settings.OffDelaySeconds);
                writer.WriteString("device_class", "sound");
            })));
        }
        return messages;
    }

    private static void WriteCommon(Utf8JsonWriter writer, MqttTopics topics, string node, string name, string uniqueId)
    {
        writer.WriteString("name", name);
        writer.WriteString("unique_id", uniqueId);
        writer.WriteString("state_topic", topics.Event);
        writer.WriteString("availability_topic", topics.Status);
        writer.WriteString("payload_available", MqttTopics.Online);
        writer.WriteString("payload_not_available", MqttTopics.Offline);
        writer.WriteNumber("qos", 1);
        writer.WriteStartObject("device");
        writer.WriteStartArray("identifiers");
        writer.WriteStringValue(node);
        writer.WriteEndArray();
        writer.WriteString("name", "EdgeSound " + topics.Device);
        writer.WriteString("manufacturer", "EdgeSound");
        writer.WriteString("model", "EdgeSound sound classifier");
        writer.WriteString("sw_version", SoftwareVersion);
        writer.WriteEndObject();
    }

    private static readonly string SoftwareVersion =
        typeof(HomeAssistantDiscovery).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(HomeAssistantDiscovery).Assembly.GetName().Version?.ToString() ?? "unknown";

    private static string EscapeForJinja(string label) => label.Replace("\\", "\\\\").Replace("'", "\\'");

    private static byte[] Json(Action<Utf8JsonWriter> writeBody)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writeBody(writer);
            writer.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }
}
