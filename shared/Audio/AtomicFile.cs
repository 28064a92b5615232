namespace EdgeSound.Shared.Audio;

/// <summary>
/// A file written under a temporary name in the target's folder and renamed over the target only on
/// <see cref="Commit"/>, so a failure part-way never leaves a half-written file behind. Disposing
/// without committing deletes the temporary file.
/// </summary>
internal sealed class AtomicFile : IDisposable
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

    /// <summary>Starts writing a new version of <paramref name="path"/>.</summary>
    public static AtomicFile Create(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string target = Path.GetFullPath(path);
        string folder = Path.GetDirectoryName(target) ?? throw new ArgumentException($"'{path}' names no file.", nameof(path));
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

    /// <summary>Closes the stream and, unless committed, deletes the temporary file.</summary>
    public void Dispose()
    {
        Stream.Dispose();
        if (!_committed && File.Exists(_temporaryPath)) File.Delete(_temporaryPath);
    }
}
