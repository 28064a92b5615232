using System.Buffers;
using EdgeSound.Shared.Smoothing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Edge.Sinks;

/// <summary>
/// One JSON object per detection per line (see <see cref="DetectionJson"/>), appended and flushed
/// per event so a reader (tail -f, a log shipper) sees it at once and a power cut loses at most the
/// line being written. The file is size-rotated like logrotate: <c>events.jsonl</c> →
/// <c>events.1.jsonl</c> → ... → <c>events.{Keep}.jsonl</c>.
/// </summary>
public sealed class JsonlSink : IDetectionSink
{
    private readonly JsonlSinkSettings _settings;
    private readonly string _path;
    private readonly ILogger _logger;
    private readonly ArrayBufferWriter<byte> _line = new(512);
    private readonly Lock _gate = new();
    private FileStream _stream;
    private long _writeFailures;
    private bool _disposed;

    /// <summary>Opens (appending) or creates the live file.</summary>
    /// <exception cref="IOException">The folder or file cannot be created or written; the message names the path.</exception>
    public JsonlSink(JsonlSinkSettings settings, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        _path = System.IO.Path.GetFullPath(settings.Path);
        _logger = logger ?? NullLogger.Instance;
        _stream = Open(_path);
    }

    /// <summary>The live file's full path.</summary>
    public string Path => _path;

    /// <summary>Detections that could not be written (disk full, file system gone); each is logged.</summary>
    public long WriteFailures => Interlocked.Read(ref _writeFailures);

    /// <summary>The path of rotated file <paramref name="generation"/> (1 = newest): events.jsonl → events.1.jsonl.</summary>
    public static string RotatedPath(string path, int generation)
    {
        string extension = System.IO.Path.GetExtension(path);
        return System.IO.Path.ChangeExtension(path, null) + "." + generation + extension;
    }

    /// <inheritdoc />
    public void OnDetection(Detection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _line.ResetWrittenCount();
            DetectionJson.Write(_line, detection, _settings.DeviceName);
            _line.GetSpan(1)[0] = (byte)'\n';
            _line.Advance(1);
            try
            {
                // A failed rotation or reopen left no open file: try again with this event.
                if (!_stream.CanWrite) _stream = Open(_path);
                if (_stream.Length > 0 && _stream.Length + _line.WrittenCount > _settings.MaxBytes) Rotate();
                // One write per line, so a concurrent reader never sees half a line from two writes.
                _stream.Write(_line.WrittenSpan);
                _stream.Flush();
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full disk must not stop the detector; the event is logged and counted instead.
                Interlocked.Increment(ref _writeFailures);
                _logger.LogError(e, "Could not write a detection to {Path}: {Message}", _path, e.Message);
            }
        }
    }

    private void Rotate()
    {
        _stream.Dispose();
        if (_settings.Keep == 0)
        {
            File.Delete(_path);
        }
        else
        {
            File.Delete(RotatedPath(_path, _settings.Keep));
            for (int generation = _settings.Keep - 1; generation >= 1; generation--)
            {
                string older = RotatedPath(_path, generation);
                if (File.Exists(older)) File.Move(older, RotatedPath(_path, generation + 1));
            }
            File.Move(_path, RotatedPath(_path, 1));
        }
        _stream = Open(_path);
    }

    private static FileStream Open(string path)
    {
        string folder = System.IO.Path.GetDirectoryName(path)!;
        try
        {
            Directory.CreateDirectory(folder);
            // Shared read so tail -f and tests can read while the sink writes; no buffer: one write per line.
            return new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new IOException(
                $"Cannot write detections to '{path}': {e.Message} Make the folder '{folder}' writable by this user " +
                "(e.g. chown it to the service user) or choose another JSONL path.", e);
        }
    }

    /// <summary>Flushes and closes the live file.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _stream.Dispose();
        }
    }
}
