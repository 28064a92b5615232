namespace EdgeSound.Shared.Data;

/// <summary>
/// Where each ESC-50 metadata column sits in a given <c>esc50.csv</c> header. Names match
/// case-insensitively; order is free; unknown columns (e.g. <c>take</c>) are ignored.
/// </summary>
internal sealed class Esc50CsvColumns
{
    public const string FileName = "filename";
    public const string Fold = "fold";
    public const string Target = "target";
    public const string Category = "category";
    public const string Esc10 = "esc10";
    public const string SourceFile = "src_file";

    private Esc50CsvColumns(int count, int fileName, int fold, int target, int category, int esc10, int sourceFile)
    {
        Count = count;
        FileNameIndex = fileName;
        FoldIndex = fold;
        TargetIndex = target;
        CategoryIndex = category;
        Esc10Index = esc10;
        SourceFileIndex = sourceFile;
    }

    /// <summary>Number of columns in the header; every row must have as many fields.</summary>
    public int Count { get; }
    public int FileNameIndex { get; }
    public int FoldIndex { get; }
    public int TargetIndex { get; }
    public int CategoryIndex { get; }

    /// <summary>-1 when absent (allowed only when the ESC-10 flag is not needed).</summary>
    public int Esc10Index { get; }

    /// <summary>-1 when absent: clips then have no source id.</summary>
    public int SourceFileIndex { get; }

    /// <summary>Maps the header record; <paramref name="needEsc10"/> makes the <c>esc10</c> column required.</summary>
    /// <exception cref="DatasetFormatException">A column is missing or named twice.</exception>
    public static Esc50CsvColumns FromHeader(CsvRecord header, bool needEsc10, string filePath)
    {
        var positions = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase);
        for (var i = 0; i < header.Fields.Count; i++)
        {
            var name = header.Fields[i];
            if (name.Length == 0) continue;
            if (!positions.TryAdd(name, i))
                throw new DatasetFormatException(filePath, header.Line,
                    $"column '{name}' appears twice in the header",
                    "Keep one column of each name");
        }

        var required = new List<string> { FileName, Fold, Target, Category };
        if (needEsc10) required.Add(Esc10);
        var missing = required.Where(name => !positions.ContainsKey(name)).ToList();
        if (missing.Count > 0)
            throw new DatasetFormatException(filePath, header.Line,
                $"missing column{(missing.Count > 1 ? "s" : "")} {string.Join(", ", missing)} (header is '{string.Join(",", header.Fields)}')",
                $"The first line must name the columns {string.Join(",", required)} (any order; src_file optional, other columns ignored), as in the ESC-50 download");

        return new Esc50CsvColumns(
            header.Fields.Count,
            positions[FileName],
            positions[Fold],
            positions[Target],
            positions[Category],
            positions.GetValueOrDefault(Esc10, -1),
            positions.GetValueOrDefault(SourceFile, -1));
    }
}
