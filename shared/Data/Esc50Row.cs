namespace EdgeSound.Shared.Data;

/// <summary>One validated data row of <c>esc50.csv</c>.</summary>
internal sealed record Esc50Row(int Line, string FileName, int Fold, int Target, string Category, bool? IsEsc10, string? SourceId);
