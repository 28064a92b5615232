namespace EdgeSound.Shared.Data;

/// <summary>
/// Reads a dataset laid out as one folder per class: <c>root/&lt;label&gt;/*.wav</c>. Labels are the
/// folder names sorted ordinally (class id = position). Folds come from ESC-style file-name prefixes
/// ("3-12345-A-1.wav" is fold 3) when every file has one, and are otherwise assigned by
/// <see cref="StratifiedFoldAssigner"/>: stratified per class and identical on every machine and run.
/// </summary>
public static class FolderDatasetReader
{
    // Hidden folders (".git", ".cache", ...) are tooling, not classes.
    private static readonly EnumerationOptions ClassFolders = new()
    {
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        RecurseSubdirectories = false,
    };

    private static readonly EnumerationOptions WavFiles = new()
    {
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        MatchCasing = MatchCasing.CaseInsensitive, // "x.WAV" counts too, also on Linux
        RecurseSubdirectories = false,
    };

    /// <summary>Reads and validates the dataset at <paramref name="root"/>.</summary>
    /// <param name="root">Folder holding one subfolder per class (hidden folders are ignored).</param>
    /// <param name="foldCount">Number of cross-validation folds, at least 2.</param>
    /// <returns>Clips ordered by class, then ordinally by file name.</returns>
    /// <exception cref="DatasetFormatException">The root is missing, has no class folders, or a class folder has no .wav files.</exception>
    public static DatasetIndex Read(string root, int foldCount = 5)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentOutOfRangeException.ThrowIfLessThan(foldCount, 2);

        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        const string layoutFix = "Pass a folder that holds one subfolder per class, each with that class's .wav files";
        if (!Directory.Exists(fullRoot))
            throw new DatasetFormatException(fullRoot, null, "dataset folder does not exist", layoutFix);

        var labels = Directory.EnumerateDirectories(fullRoot, "*", ClassFolders)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Where(name => !name.StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (labels.Length == 0)
            throw new DatasetFormatException(fullRoot, null, "no class folders", layoutFix);

        var filesPerClass = labels.Select(label => ListWavFiles(fullRoot, label)).ToArray();
        var usePrefixes = filesPerClass.All(files => files.All(f => FoldPrefix.TryParse(f, foldCount, out _)));
        var folds = usePrefixes
            ? filesPerClass.Select(files => files.Select(f => { FoldPrefix.TryParse(f, foldCount, out var fold); return fold; }).ToArray()).ToArray()
            : StratifiedFoldAssigner.Assign(labels, filesPerClass, foldCount);

        var clips = new List<ClipRecord>();
        for (var c = 0; c < labels.Length; c++)
            for (var i = 0; i < filesPerClass[c].Count; i++)
                clips.Add(new ClipRecord(Path.Combine(fullRoot, labels[c], filesPerClass[c][i]), filesPerClass[c][i], c, labels[c], folds[c][i], null));

        var how = usePrefixes ? "folds from file-name prefixes" : "folds by stable stratified shuffle";
        return new DatasetIndex(fullRoot, $"Folder dataset at {fullRoot} ({how})", labels, clips, foldCount);
    }

    private static IReadOnlyList<string> ListWavFiles(string root, string label)
    {
        var folder = Path.Combine(root, label);
        var files = Directory.EnumerateFiles(folder, "*.wav", WavFiles)
            .Select(Path.GetFileName)
            .OfType<string>()
            .Order(StringComparer.Ordinal)
            .ToArray();
        if (files.Length == 0)
            throw new DatasetFormatException(folder, null, $"empty class '{label}': the folder holds no .wav files",
                "Put the class's .wav files in it, or remove the folder");
        return files;
    }
}
