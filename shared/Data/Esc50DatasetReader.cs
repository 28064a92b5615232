using System.Globalization;

namespace EdgeSound.Shared.Data;

/// <summary>
/// Reads a dataset in the ESC-50 layout (<c>meta/esc50.csv</c> + <c>audio/*.wav</c>): a full ESC-50
/// download, or ESC-10 kept in that layout. Everything is validated before an index is returned, so a
/// broken download fails here, with the file, line and fix, rather than in the middle of training.
/// </summary>
public static class Esc50DatasetReader
{
    /// <summary>ESC-50 is pre-split into 5 folds; the csv's <c>fold</c> column runs 1..5.</summary>
    public const int FoldCount = 5;

    /// <summary>ESC-50 has 50 classes, <c>target</c> 0..49.</summary>
    public const int Esc50ClassCount = 50;

    /// <summary>Path of the metadata file inside the dataset root.</summary>
    public static readonly string MetadataRelativePath = Path.Combine("meta", "esc50.csv");

    /// <summary>Name of the audio folder inside the dataset root.</summary>
    public const string AudioFolderName = "audio";

    /// <summary>
    /// The ESC-50 <c>target</c>s of the ten ESC-10 classes, ascending (dog, rooster, rain, sea_waves,
    /// crackling_fire, crying_baby, sneezing, clock_tick, helicopter, chainsaw). ESC-10 class id i is
    /// the i-th of these.
    /// </summary>
    public static IReadOnlyList<int> Esc10Targets { get; } = [0, 1, 10, 11, 12, 20, 21, 38, 40, 41];

    /// <summary>Reads and validates the dataset at <paramref name="root"/>.</summary>
    /// <param name="root">Folder holding <c>meta/esc50.csv</c> and <c>audio/</c>.</param>
    /// <param name="subset">ESC-10 (rows with <c>esc10</c> True) or all of ESC-50.</param>
    /// <returns>
    /// The clips of the subset in csv order; class ids in ascending <c>target</c> order, labels from
    /// <c>category</c>; folds from the csv.
    /// </returns>
    /// <exception cref="DatasetFormatException">
    /// A file or folder is missing, a column is missing, a value does not parse or is out of range, a
    /// file name is listed twice, a target has two category names, an esc10 flag contradicts the
    /// ESC-10 class list, a class has no clips, or a listed audio file is not on disk.
    /// </exception>
    public static DatasetIndex Read(string root, EscSubset subset)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        if (!Enum.IsDefined(subset)) throw new ArgumentOutOfRangeException(nameof(subset), subset, "Unknown subset.");

        var fullRoot = Path.TrimEndingDirectorySeparator(Path.GetFullPath(root));
        var (csvPath, audioFolder) = LocateFiles(fullRoot);
        var rows = ReadRows(csvPath, subset);
        CheckRowsAgree(rows, csvPath);

        var chosen = subset == EscSubset.Esc10 ? rows.Where(r => r.IsEsc10 == true).ToList() : rows;
        var targets = ExpectedTargets(subset);
        CheckEveryClassHasClips(chosen, targets, subset, csvPath);
        CheckAudioExists(chosen, audioFolder, csvPath);

        var classIndexOfTarget = new Dictionary<int, int>();
        var classes = new List<string>();
        foreach (var target in targets)
        {
            classIndexOfTarget[target] = classes.Count;
            classes.Add(chosen.First(r => r.Target == target).Category);
        }

        var clips = chosen.Select(r => new ClipRecord(
            Path.Combine(audioFolder, r.FileName),
            r.FileName,
            classIndexOfTarget[r.Target],
            r.Category,
            r.Fold,
            r.SourceId));

        var description = subset == EscSubset.Esc10 ? $"ESC-10 (ESC-50 layout) at {fullRoot}" : $"ESC-50 at {fullRoot}";
        return new DatasetIndex(fullRoot, description, classes, clips, FoldCount);
    }

    private static (string CsvPath, string AudioFolder) LocateFiles(string root)
    {
        const string layoutFix = "Pass the folder that holds meta/esc50.csv and audio/ (an ESC-50 download, or ESC-10 in the same layout)";
        if (!Directory.Exists(root))
            throw new DatasetFormatException(root, null, "dataset folder does not exist", layoutFix);

        var csvPath = Path.Combine(root, MetadataRelativePath);
        if (!File.Exists(csvPath))
            throw new DatasetFormatException(csvPath, null, "metadata file not found", layoutFix);

        var audioFolder = Path.Combine(root, AudioFolderName);
        if (!Directory.Exists(audioFolder))
            throw new DatasetFormatException(audioFolder, null, "audio folder not found", layoutFix);

        return (csvPath, audioFolder);
    }

    private static List<Esc50Row> ReadRows(string csvPath, EscSubset subset)
    {
        string text;
        try
        {
            text = File.ReadAllText(csvPath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DatasetFormatException(csvPath, null, $"the file cannot be read ({e.Message})",
                "Check that the file is readable by this user and not locked", e);
        }

        var records = CsvParser.Parse(text, csvPath);
        if (records.Count == 0)
            throw new DatasetFormatException(csvPath, 1, "the file is empty",
                "Restore meta/esc50.csv from the ESC-50 download (header filename,fold,target,category,esc10,src_file,take and one row per clip)");

        var columns = Esc50CsvColumns.FromHeader(records[0], subset == EscSubset.Esc10, csvPath);
        if (records.Count == 1)
            throw new DatasetFormatException(csvPath, records[0].Line, "the file has a header but no data rows",
                "Restore meta/esc50.csv from the ESC-50 download (one row per clip)");

        var rows = new List<Esc50Row>(records.Count - 1);
        for (var i = 1; i < records.Count; i++)
            rows.Add(ParseRow(records[i], columns, csvPath));
        return rows;
    }

    private static Esc50Row ParseRow(CsvRecord record, Esc50CsvColumns columns, string csvPath)
    {
        var fields = record.Fields;
        if (fields.Count != columns.Count)
            throw new DatasetFormatException(csvPath, record.Line,
                $"expected {columns.Count} fields as in the header, found {fields.Count}",
                "Give every row one value per header column (quote values that contain commas)");

        var fileName = fields[columns.FileNameIndex];
        if (fileName.Length == 0 || fileName is "." or ".." || fileName.IndexOfAny(['/', '\\']) >= 0)
            throw new DatasetFormatException(csvPath, record.Line,
                $"filename '{fileName}' is not a plain file name",
                "Write the name of a file inside audio/, e.g. 1-100032-A-0.wav");

        var fold = ParseInt(fields[columns.FoldIndex], Esc50CsvColumns.Fold, record.Line, csvPath);
        if (fold < 1 || fold > FoldCount)
            throw new DatasetFormatException(csvPath, record.Line,
                $"fold {fold} is outside 1..{FoldCount}",
                $"ESC-50 has folds 1..{FoldCount}; correct the fold column");

        var target = ParseInt(fields[columns.TargetIndex], Esc50CsvColumns.Target, record.Line, csvPath);
        if (target < 0 || target >= Esc50ClassCount)
            throw new DatasetFormatException(csvPath, record.Line,
                $"target {target} is outside 0..{Esc50ClassCount - 1}",
                $"ESC-50 targets are class numbers 0..{Esc50ClassCount - 1}; correct the target column");

        var category = fields[columns.CategoryIndex];
        if (category.Length == 0)
            throw new DatasetFormatException(csvPath, record.Line, "category is empty",
                "Write the class name of the clip, e.g. dog");

        bool? isEsc10 = columns.Esc10Index < 0 ? null : ParseBool(fields[columns.Esc10Index], record.Line, csvPath);
        var sourceId = columns.SourceFileIndex < 0 || fields[columns.SourceFileIndex].Length == 0
            ? null
            : fields[columns.SourceFileIndex];

        return new Esc50Row(record.Line, fileName, fold, target, category, isEsc10, sourceId);
    }

    private static int ParseInt(string text, string column, int line, string csvPath)
    {
        if (int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            return value;
        throw new DatasetFormatException(csvPath, line,
            $"{column} '{text}' is not a whole number",
            $"Write the {column} as a whole number without decimals");
    }

    private static bool ParseBool(string text, int line, string csvPath)
    {
        if (text.Equals("true", StringComparison.OrdinalIgnoreCase)) return true;
        if (text.Equals("false", StringComparison.OrdinalIgnoreCase)) return false;
        throw new DatasetFormatException(csvPath, line,
            $"esc10 '{text}' is neither True nor False",
            "Write True or False in the esc10 column");
    }

    /// <summary>File names are unique; a target has one category name and a category one target; esc10 flags match the ESC-10 class list.</summary>
    private static void CheckRowsAgree(List<Esc50Row> rows, string csvPath)
    {
        var firstLineOfFile = new Dictionary<string, int>(StringComparer.Ordinal);
        var firstRowOfTarget = new Dictionary<int, Esc50Row>();
        var firstRowOfCategory = new Dictionary<string, Esc50Row>(StringComparer.Ordinal);
        foreach (var row in rows)
        {
            if (!firstLineOfFile.TryAdd(row.FileName, row.Line))
                throw new DatasetFormatException(csvPath, row.Line,
                    $"{row.FileName} is listed again (first on line {firstLineOfFile[row.FileName]})",
                    "Remove the duplicate row");

            if (!firstRowOfTarget.TryAdd(row.Target, row) && firstRowOfTarget[row.Target].Category != row.Category)
            {
                var first = firstRowOfTarget[row.Target];
                throw new DatasetFormatException(csvPath, row.Line,
                    $"target {row.Target} is called '{row.Category}' here but '{first.Category}' on line {first.Line}",
                    "Use one category name per target");
            }

            if (!firstRowOfCategory.TryAdd(row.Category, row) && firstRowOfCategory[row.Category].Target != row.Target)
            {
                var first = firstRowOfCategory[row.Category];
                throw new DatasetFormatException(csvPath, row.Line,
                    $"category '{row.Category}' is target {row.Target} here but target {first.Target} on line {first.Line}",
                    "Give each class one target number");
            }

            if (row.IsEsc10 is { } flag && flag != Esc10Targets.Contains(row.Target))
                throw new DatasetFormatException(csvPath, row.Line,
                    $"esc10 is {flag} but target {row.Target} ({row.Category}) is {(flag ? "not " : "")}one of the ESC-10 classes (targets {string.Join(",", Esc10Targets)})",
                    "Correct the esc10 flag or the target so they agree with the ESC-50 metadata");
        }
    }

    private static IReadOnlyList<int> ExpectedTargets(EscSubset subset) =>
        subset == EscSubset.Esc10 ? Esc10Targets : Enumerable.Range(0, Esc50ClassCount).ToArray();

    private static void CheckEveryClassHasClips(List<Esc50Row> chosen, IReadOnlyList<int> targets, EscSubset subset, string csvPath)
    {
        var present = chosen.Select(r => r.Target).ToHashSet();
        var missing = targets.Where(t => !present.Contains(t)).ToList();
        if (missing.Count == 0) return;

        var subsetName = subset == EscSubset.Esc10 ? "ESC-10" : "ESC-50";
        throw new DatasetFormatException(csvPath, null,
            $"no rows for {subsetName} class target{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)}",
            $"Every {subsetName} class needs clips: restore the missing rows from the ESC-50 metadata");
    }

    private static void CheckAudioExists(List<Esc50Row> chosen, string audioFolder, string csvPath)
    {
        var missing = chosen.Where(r => !File.Exists(Path.Combine(audioFolder, r.FileName))).ToList();
        if (missing.Count == 0) return;

        var more = missing.Count > 1 ? $" ({missing.Count - 1} more listed files are missing too)" : "";
        throw new DatasetFormatException(csvPath, missing[0].Line,
            $"audio file {Path.Combine(audioFolder, missing[0].FileName)} listed here does not exist{more}",
            "Restore the audio folder from the ESC-50 download");
    }
}
