using System.Text;

namespace EdgeSound.Edge.Sinks;

/// <summary>The topics of one device: <c>&lt;prefix&gt;/&lt;device&gt;/event</c> and <c>&lt;prefix&gt;/&lt;device&gt;/status</c>.</summary>
public sealed class MqttTopics
{
    /// <summary>Payloads of the status topic (retained; "offline" is also the last will).</summary>
    public const string Online = "online", Offline = "offline";

    /// <param name="prefix">First topic segment, e.g. "edgesound".</param>
    /// <param name="deviceId">The device's name, sanitised here.</param>
    public MqttTopics(string prefix, string deviceId)
    {
        Device = Sanitise(deviceId, nameof(deviceId));
        string root = Sanitise(prefix, nameof(prefix)) + "/" + Device;
        Event = root + "/event";
        Status = root + "/status";
    }

    /// <summary>The sanitised device id (a single topic segment, also used in Home Assistant ids).</summary>
    public string Device { get; }

    /// <summary>Detections, QoS 1, not retained.</summary>
    public string Event { get; }

    /// <summary>"online"/"offline", retained: Home Assistant's availability topic.</summary>
    public string Status { get; }

    /// <summary>
    /// <paramref name="name"/> as one topic segment and Home Assistant id: letters, digits, '_' and '-'
    /// kept, anything else (including '/', '+', '#', spaces) replaced by '_'. "Living room/Pi" → "Living_room_Pi".
    /// </summary>
    /// <exception cref="ArgumentException">The name is empty or has no letter or digit.</exception>
    public static string Sanitise(string name, string settingName)
    {
        if (string.IsNullOrWhiteSpace(name) || !name.Any(char.IsAsciiLetterOrDigit))
            throw new ArgumentException($"'{name}' is not usable as an MQTT topic segment ({settingName}): give a name with letters or digits.", settingName);
        var segment = new StringBuilder(name.Length);
        foreach (char c in name.Trim()) segment.Append(char.IsAsciiLetterOrDigit(c) || c is '_' or '-' ? c : '_');
        return segment.ToString();
    }
}
