namespace EdgeSound.Shared.Data;

/// <summary>One CSV record and the 1-based line it starts on (what an error message should point at).</summary>
internal sealed record CsvRecord(int Line, IReadOnlyList<string> Fields);
