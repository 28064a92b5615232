namespace EdgeSound.Shared.IO;

/// <summary>
/// A file written under a temporary name in the target's folder and renamed over the target only on
/// <see cref="Commit"/>, so a failure part-way never leaves a half-written file behind. Disposing
/// without committing deletes the temporary file.
/// </summary>
public sealed class AtomicFile : IDisposable
{
    private readonly string _targetPath;
    private readonly string _temporaryPath;
    private bool _committed;

    private AtomicFile(string targetPath, string temporaryPath)
    {
        _targetPath = targetPath;
        _temporaryPath = temporaryPath;
        // Unbuffered: writers hand over whole blocks already.
        Stream = new FileStream(temporaryPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0);
    }

    /// <summary>The stream to write the content to.</summary>
    public FileStream Stream { get; }

    /// <summary>Starts writing a new version of <paramref name="path"/>, creating its folder if needed.</summary>
    public static AtomicFile Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string target = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
        Directory.CreateDirectory(folder);
        // Same folder, so the final rename stays on one file system and is atomic.
        string temporary = Path.Combine(folder, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        return new AtomicFile(target, temporary);
    }

    /// <summary>Flushes the content to disk and renames the temporary file over the target.</summary>
    public void Commit()
    {
        ObjectDisposedException.ThrowIf(_committed, this);
        Stream.Flush(flushToDisk: true);
        Stream.Dispose();
        File.Move(_temporaryPath, _targetPath, overwrite: true);
        _committed = true;
    }

    /// <summary>Writes UTF-8 text produced by <paramref name="write"/> to <paramref name="path"/> atomically.</summary>
    public static void WriteText(string path, Action<TextWriter> write) =>
        Write(path, temporary =>
        {
            using var writer = new StreamWriter(temporary, append: false, new System.Text.UTF8Encoding(false));
            write(writer);
        });

    /// <summary>
    /// Lets <paramref name="writeTo"/> create the file at the temporary path it is given (same folder
    /// and extension as <paramref name="path"/>, for libraries that look at the extension, such as a
    /// plotting library saving PNG), then renames it over the target. Creates the folder if needed.
    /// </summary>
    public static void Write(string path, Action<string> writeTo)
    {
        string target = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(target)!;
        Directory.CreateDirectory(folder);
        string temporary = Path.Combine(folder, $".{Path.GetFileNameWithoutExtension(target)}.{Guid.NewGuid():N}.tmp{Path.GetExtension(target)}");
        try
        {
            writeTo(temporary);
            File.Move(temporary, target, overwrite: true);
        }
        finally
        {
            if (File.Exists(temporary)) File.Delete(temporary);
        }
    }

    /// <summary>Closes the stream and, unless committed, deletes the temporary file.</summary>
    public void Dispose()
    {
        Stream.Dispose();
        if (!_committed && File.Exists(_temporaryPath)) File.Delete(_temporaryPath);
    }
}
