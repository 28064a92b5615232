namespace EdgeSound.Shared.Data;

/// <summary>
/// A dataset on disk is not what a reader expects. The message reads
/// <c>"{file}:{line}: {problem}. {what to do}"</c> (without <c>:{line}</c> when no line applies), so a
/// person can open the file at the right place and fix it.
/// </summary>
public sealed class DatasetFormatException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="filePath">The file or folder at fault.</param>
    /// <param name="line">1-based line in <paramref name="filePath"/>, or null when no single line is at fault.</param>
    /// <param name="problem">What is wrong, without a trailing full stop.</param>
    /// <param name="fix">What the user should do about it.</param>
    /// <param name="innerException">The I/O error behind the problem, if any.</param>
    public DatasetFormatException(string filePath, int? line, string problem, string fix, Exception? innerException = null)
        : base(FormatMessage(filePath, line, problem, fix), innerException)
    {
        FilePath = filePath;
        Line = line;
        Problem = problem;
        Fix = fix;
    }

    /// <summary>The file or folder at fault.</summary>
    public string FilePath { get; }

    /// <summary>1-based line in <see cref="FilePath"/>, or null when no single line is at fault.</summary>
    public int? Line { get; }

    /// <summary>What is wrong.</summary>
    public string Problem { get; }

    /// <summary>What the user should do about it.</summary>
    public string Fix { get; }

    private static string FormatMessage(string filePath, int? line, string problem, string fix)
    {
        var where = line is { } l ? $"{filePath}:{l}" : filePath;
        return $"{where}: {problem}. {fix}";
    }
}
