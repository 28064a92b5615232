using System.Text;
using System.Text.Json;

namespace EdgeSound.Shared.Features;

/// <summary>
/// The JSON form of <see cref="FeatureConfig"/>, written and read by hand so the field order is
/// fixed (the hash depends on it) and every bad field gets a message that names it.
/// </summary>
internal static class FeatureConfigJson
{
    private sealed record Field(
        string Name,
        Action<Utf8JsonWriter, FeatureConfig> Write,
        Func<FeatureConfig, JsonElement, FeatureConfig> Read);

    // The one place field names and order are defined; changing it changes every hash.
    private static readonly Field[] Fields =
    [
        new("sample_rate", (w, c) => w.WriteNumber("sample_rate", c.SampleRate), (c, e) => c with { SampleRate = Int(e, "sample_rate") }),
        new("fft_size", (w, c) => w.WriteNumber("fft_size", c.FftSize), (c, e) => c with { FftSize = Int(e, "fft_size") }),
        new("window_length", (w, c) => w.WriteNumber("window_length", c.WindowLength), (c, e) => c with { WindowLength = Int(e, "window_length") }),
        new("hop_length", (w, c) => w.WriteNumber("hop_length", c.HopLength), (c, e) => c with { HopLength = Int(e, "hop_length") }),
        new("window", (w, c) => w.WriteString("window", EnumName(c.Window)), (c, e) => c with { Window = EnumValue<WindowType>(e, "window") }),
        new("mel_count", (w, c) => w.WriteNumber("mel_count", c.MelCount), (c, e) => c with { MelCount = Int(e, "mel_count") }),
        new("f_min", (w, c) => w.WriteNumber("f_min", c.FMin), (c, e) => c with { FMin = Double(e, "f_min") }),
        new("f_max", (w, c) => w.WriteNumber("f_max", c.FMax), (c, e) => c with { FMax = Double(e, "f_max") }),
        new("mel_scale", (w, c) => w.WriteString("mel_scale", EnumName(c.MelScale)), (c, e) => c with { MelScale = EnumValue<MelScale>(e, "mel_scale") }),
        new("mel_norm", (w, c) => w.WriteString("mel_norm", EnumName(c.MelNorm)), (c, e) => c with { MelNorm = EnumValue<MelNorm>(e, "mel_norm") }),
        new("power", (w, c) => w.WriteNumber("power", c.Power), (c, e) => c with { Power = Double(e, "power") }),
        new("log_floor", (w, c) => w.WriteNumber("log_floor", c.LogFloor), (c, e) => c with { LogFloor = Double(e, "log_floor") }),
        new("center", (w, c) => w.WriteBoolean("center", c.Center), (c, e) => c with { Center = Bool(e, "center") }),
        new("pad_mode", (w, c) => w.WriteString("pad_mode", EnumName(c.PadMode)), (c, e) => c with { PadMode = EnumValue<PadMode>(e, "pad_mode") }),
    ];

    private static string KnownNames => string.Join(", ", Fields.Select(f => f.Name));

    public static string Write(FeatureConfig config, bool indented)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, NewLine = "\n" }))
        {
            writer.WriteStartObject();
            foreach (var field in Fields) field.Write(writer, config);
            writer.WriteEndObject();
        }
        return Encoding.UTF8.GetString(stream.ToArray());
    }

    public static FeatureConfig Read(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new FormatException(
                $"Feature config JSON is malformed at line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1}: {e.Message}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
                throw new FormatException($"Feature config JSON must be an object {{...}}, got {root.ValueKind}.");

            var seen = new HashSet<string>(StringComparer.Ordinal);
            var config = new FeatureConfig();
            foreach (var property in root.EnumerateObject())
            {
                var field = Array.Find(Fields, f => f.Name == property.Name)
                    ?? throw new FormatException($"Feature config JSON has unknown field '{property.Name}'; known fields are: {KnownNames}.");
                if (!seen.Add(property.Name))
                    throw new FormatException($"Feature config JSON has field '{property.Name}' more than once.");
                config = field.Read(config, property.Value);
            }

            var missing = Fields.Where(f => !seen.Contains(f.Name)).Select(f => f.Name).ToList();
            if (missing.Count > 0)
                throw new FormatException($"Feature config JSON is missing field(s): {string.Join(", ", missing)}.");

            try
            {
                config.Validate();
            }
            catch (ArgumentException e)
            {
                throw new FormatException($"Feature config JSON is well-formed but describes impossible features. {e.Message}", e);
            }
            return config;
        }
    }

    private static int Int(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetInt32(out var value)
            ? value
            : throw Mistyped(name, "a whole number", e);

    private static double Double(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Number && e.TryGetDouble(out var value) && double.IsFinite(value)
            ? value
            : throw Mistyped(name, "a finite number", e);

    private static bool Bool(JsonElement e, string name) => e.ValueKind switch
    {
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => throw Mistyped(name, "true or false", e),
    };

    private static T EnumValue<T>(JsonElement e, string name) where T : struct, Enum
    {
        var allowed = Enum.GetValues<T>();
        if (e.ValueKind == JsonValueKind.String)
        {
            var text = e.GetString();
            foreach (var value in allowed)
                if (EnumName(value) == text) return value;
        }
        throw Mistyped(name, "one of " + string.Join(", ", allowed.Select(v => $"\"{EnumName(v)}\"")), e);
    }

    private static string EnumName<T>(T value) where T : struct, Enum => value.ToString().ToLowerInvariant();

    private static FormatException Mistyped(string name, string expected, JsonElement actual) =>
        new($"Feature config JSON field '{name}' must be {expected}, got {actual.GetRawText()}.");
}
