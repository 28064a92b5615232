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
        Action<Utf8JsonWriter, string, FeatureConfig> Write,
        Func<FeatureConfig, JsonElement, string, FeatureConfig> Read);

    // The one place field names and order are defined; changing it changes every hash.
    private static readonly Field[] Fields =
    [
        new("sample_rate", (w, n, c) => w.WriteNumber(n, c.SampleRate), (c, e, n) => c with { SampleRate = Int(e, n) }),
        new("fft_size", (w, n, c) => w.WriteNumber(n, c.FftSize), (c, e, n) => c with { FftSize = Int(e, n) }),
        new("window_length", (w, n, c) => w.WriteNumber(n, c.WindowLength), (c, e, n) => c with { WindowLength = Int(e, n) }),
        new("hop_length", (w, n, c) => w.WriteNumber(n, c.HopLength), (c, e, n) => c with { HopLength = Int(e, n) }),
        new("window", (w, n, c) => w.WriteString(n, EnumName(c.Window)), (c, e, n) => c with { Window = EnumValue<WindowType>(e, n) }),
        new("mel_count", (w, n, c) => w.WriteNumber(n, c.MelCount), (c, e, n) => c with { MelCount = Int(e, n) }),
        new("f_min", (w, n, c) => w.WriteNumber(n, c.FMin), (c, e, n) => c with { FMin = Double(e, n) }),
        new("f_max", (w, n, c) => w.WriteNumber(n, c.FMax), (c, e, n) => c with { FMax = Double(e, n) }),
        new("mel_scale", (w, n, c) => w.WriteString(n, EnumName(c.MelScale)), (c, e, n) => c with { MelScale = EnumValue<MelScale>(e, n) }),
        new("mel_norm", (w, n, c) => w.WriteString(n, EnumName(c.MelNorm)), (c, e, n) => c with { MelNorm = EnumValue<MelNorm>(e, n) }),
        new("power", (w, n, c) => w.WriteNumber(n, c.Power), (c, e, n) => c with { Power = Double(e, n) }),
        new("log_floor", (w, n, c) => w.WriteNumber(n, c.LogFloor), (c, e, n) => c with { LogFloor = Double(e, n) }),
        new("center", (w, n, c) => w.WriteBoolean(n, c.Center), (c, e, n) => c with { Center = Bool(e, n) }),
        new("pad_mode", (w, n, c) => w.WriteString(n, EnumName(c.PadMode)), (c, e, n) => c with { PadMode = EnumValue<PadMode>(e, n) }),
    ];

    private static string KnownNames => string.Join(", ", Fields.Select(f => f.Name));

    public static string Write(FeatureConfig config, bool indented)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented, NewLine = "\n" }))
        {
            writer.WriteStartObject();
            foreach (var field in Fields) field.Write(writer, field.Name, config);
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
                config = field.Read(config, property.Value, field.Name);
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
