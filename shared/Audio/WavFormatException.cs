namespace EdgeSound.Shared.Audio;

/// <summary>
/// The one exception for every input that is not a WAV file this library can read: it names the
/// file, the byte offset where the problem was found, and what was expected there.
/// </summary>
public sealed class WavFormatException : Exception
{
    /// <summary>Creates the exception; the message reads <c>"{file}: at byte {offset}: {problem}"</c>.</summary>
    /// <param name="filePath">The file path or stream name.</param>
    /// <param name="byteOffset">Offset from the start of the WAV data where the problem is.</param>
    /// <param name="problem">What is wrong and what was expected.</param>
    /// <param name="innerException">The I/O error behind the problem, if any.</param>
    public WavFormatException(string filePath, long byteOffset, string problem, Exception? innerException = null)
        : base($"{filePath}: at byte {byteOffset}: {problem}", innerException)
    {
        FilePath = filePath;
        ByteOffset = byteOffset;
        Problem = problem;
    }

    /// <summary>The file path or stream name of the bad input.</summary>
    public string FilePath { get; }

    /// <summary>Offset, from the start of the WAV data, where the problem was found.</summary>
    public long ByteOffset { get; }

    /// <summary>What is wrong and what was expected, without the file name and offset.</summary>
    public string Problem { get; }
}
