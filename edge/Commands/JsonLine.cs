using System.Text;
using System.Text.Json;

namespace EdgeSound.Edge.Commands;

/// <summary>One compact JSON document as a string, for commands that print one object per line.</summary>
internal static class JsonLine
{
    /// <summary>Runs <paramref name="write"/> on a fresh writer and returns what it wrote (UTF-8 decoded).</summary>
    public static string Of(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
            write(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
