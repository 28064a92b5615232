namespace EdgeSound.Trainer.Sweeps;

/// <summary>
/// A sweep file the user must fix. The message reads "file:line:column: parameter 'x': what is wrong,
/// what was expected", so an editor can jump to the spot.
/// </summary>
public sealed class SweepFileException : Exception
{
    /// <summary>Creates the error and composes the located message.</summary>
    public SweepFileException(string filePath, SourceLocation location, string? parameter, string problem, Exception? inner = null)
        : base(Compose(filePath, location, parameter, problem), inner)
    {
        FilePath = filePath;
        Location = location;
        Parameter = parameter;
        Problem = problem;
    }

    /// <summary>The sweep file (as given to the parser).</summary>
    public string FilePath { get; }

    /// <summary>Line and column of the offending node.</summary>
    public SourceLocation Location { get; }

    /// <summary>The parameter being read, or null for a top-level problem.</summary>
    public string? Parameter { get; }

    /// <summary>The problem without the location prefix.</summary>
    public string Problem { get; }

    private static string Compose(string filePath, SourceLocation location, string? parameter, string problem) =>
        parameter is null
            ? $"{filePath}:{location}: {problem}"
            : $"{filePath}:{location}: parameter '{parameter}': {problem}";
}
