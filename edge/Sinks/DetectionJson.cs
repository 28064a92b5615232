using System.Buffers;
using System.Text.Json;
using EdgeSound.Shared.Smoothing;

namespace EdgeSound.Edge.Sinks;

/// <summary>
/// The one JSON shape of a detection, shared by the JSONL file and the MQTT event topic so that a
/// consumer parses both the same way:
/// <c>{"time":"2026-11-24T09:14:48.123Z","label":"dog","confidence":0.93,"start":12.5,"end":13.5,"level_dbfs":-23.41,"device":"kitchen"}</c>.
/// </summary>
public static class DetectionJson
{
    /// <summary>Field names, for consumers and tests.</summary>
    public const string Time = "time", Label = "label", Confidence = "confidence", Start = "start", End = "end",
        LevelDbfs = "level_dbfs", Device = "device";

    /// <summary>
    /// Writes <paramref name="detection"/> as one compact JSON object (no trailing newline) into
    /// <paramref name="output"/>. Time is ISO-8601 UTC with milliseconds; stream times are rounded to
    /// the millisecond and the level to 0.01 dB, finer digits being noise.
    /// </summary>
    public static void Write(IBufferWriter<byte> output, Detection detection, string device)
    {
        using var writer = new Utf8JsonWriter(output);
        writer.WriteStartObject();
        writer.WriteString(Time, detection.Time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", System.Globalization.CultureInfo.InvariantCulture));
        writer.WriteString(Label, detection.Label);
        // float keeps the shortest round-trip form ("0.93", not "0.9300000071525574").
        writer.WriteNumber(Confidence, detection.Confidence);
        writer.WriteNumber(Start, Math.Round(detection.StartSeconds, 3));
        writer.WriteNumber(End, Math.Round(detection.EndSeconds, 3));
        WriteFiniteOrNull(writer, LevelDbfs, Math.Round(detection.LevelDbfs, 2));
        writer.WriteString(Device, device);
        writer.WriteEndObject();
    }

    /// <summary>The JSON of <paramref name="detection"/> as UTF-8 bytes.</summary>
    public static byte[] ToUtf8(Detection detection, string device)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        Write(buffer, detection, device);
        return buffer.WrittenSpan.ToArray();
    }

    // Digital silence has a level of -infinity dBFS, which JSON cannot hold.
    private static void WriteFiniteOrNull(Utf8JsonWriter writer, string name, double value)
    {
        if (double.IsFinite(value)) writer.WriteNumber(name, value);
        else writer.WriteNull(name);
    }
}
