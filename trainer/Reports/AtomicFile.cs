namespace EdgeSound.Trainer.Reports;

/// <summary>
/// Writes an artefact to a temporary file beside the target, then renames it over the target, so a
/// crash or a bad input never leaves a half-written report or plot behind.
/// </summary>
public static class AtomicFile
{
    /// <summary>Writes UTF-8 text produced by <paramref name="write"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteText(string path, Action<TextWriter> write) =>
        Write(path, temp =>
        {
            using var writer = new StreamWriter(temp, append: false, new System.Text.UTF8Encoding(false));
            write(writer);
        });

    /// <summary>
    /// Lets <paramref name="writeTo"/> create the file at the temporary path it is given (same folder and
    /// extension as <paramref name="path"/>, so libraries that look at the extension behave), then renames it.
    /// </summary>
    public static void Write(string path, Action<string> writeTo)
    {
        string fullPath = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(folder);
        string temp = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(fullPath)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(fullPath)}");
        try
        {
            writeTo(temp);
            File.Move(temp, fullPath, overwrite: true);
        }
        finally
        {
            if (File.Exists(temp)) File.Delete(temp);
        }
    }
}
