namespace EdgeSound.Edge.Sinks;

/// <summary>Where and how the JSONL sink writes.</summary>
/// <param name="Path">The live file, e.g. <c>/var/lib/edgesound/events.jsonl</c>; its folder is created if missing.</param>
/// <param name="Device">The <c>device</c> field of every line (default: the machine name).</param>
/// <param name="MaxBytes">
/// Size bound of the live file (default 10 MiB): a line that would take it past the bound first
/// rotates it to <c>events.1.jsonl</c> (older ones move up to <c>events.2.jsonl</c> ...).
/// </param>
/// <param name="Keep">Rotated files kept besides the live one (default 5); the oldest beyond that is deleted. 0 keeps none.</param>
public sealed record JsonlSinkSettings(string Path, string? Device = null, long MaxBytes = JsonlSinkSettings.DefaultMaxBytes, int Keep = JsonlSinkSettings.DefaultKeep)
{
    /// <summary>Default <see cref="MaxBytes"/>: 10 MiB, about 40,000 events.</summary>
    public const long DefaultMaxBytes = 10 * 1024 * 1024;

    /// <summary>Default <see cref="Keep"/>: 5 rotated files.</summary>
    public const int DefaultKeep = 5;

    /// <summary>The device name written into each line.</summary>
    public string DeviceName => Device ?? Environment.MachineName;

    /// <summary>Throws <see cref="ArgumentException"/> naming the setting that is wrong.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Path)) throw new ArgumentException("The JSONL sink needs a file path, e.g. events.jsonl.", nameof(Path));
        if (MaxBytes < 1024) throw new ArgumentOutOfRangeException(nameof(MaxBytes), MaxBytes, "The JSONL size bound must be at least 1024 bytes.");
        if (Keep < 0) throw new ArgumentOutOfRangeException(nameof(Keep), Keep, "The number of rotated JSONL files kept cannot be negative.");
    }
}
