namespace EdgeSound.Shared.Audio;

/// <summary>Stream reads that turn an early end of the input into a <see cref="WavFormatException"/>.</summary>
internal static class WavStreamReading
{
    /// <summary>Fills <paramref name="destination"/>, or fails naming the offset where the input ran out.</summary>
    public static void ReadExactly(Stream stream, Span<byte> destination, string source, long offset)
    {
        int total = 0;
        while (total < destination.Length)
        {
            int read = stream.Read(destination[total..]);
            if (read == 0)
                throw new WavFormatException(source, offset + total,
                    $"the input ended early; expected {destination.Length - total} more bytes (was the file changed while it was read?)");
            total += read;
        }
    }
}
