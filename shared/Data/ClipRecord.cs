namespace EdgeSound.Shared.Data;

/// <summary>One labelled audio clip of a dataset.</summary>
/// <param name="AudioPath">Absolute path of the audio file.</param>
/// <param name="FileName">File name as listed (ESC-50 <c>filename</c>) or found on disk.</param>
/// <param name="ClassIndex">Class id: the index of <paramref name="Label"/> in <see cref="DatasetIndex.Classes"/>.</param>
/// <param name="Label">Class name.</param>
/// <param name="Fold">Cross-validation fold, 1-based.</param>
/// <param name="SourceId">
/// ESC-50 <c>src_file</c>: clips cut from one source recording share it, so they must never be split
/// between training and test. Null when the dataset does not say.
/// </param>
public sealed record ClipRecord(
    string AudioPath,
    string FileName,
    int ClassIndex,
    string Label,
    int Fold,
    string? SourceId);
