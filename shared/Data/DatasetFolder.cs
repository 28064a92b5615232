namespace EdgeSound.Shared.Data;

/// <summary>
/// Reads a dataset folder whatever its layout: an ESC-50 download (with <c>meta/esc50.csv</c>) as
/// the chosen subset, any other folder as one sub-folder of WAVs per class.
/// </summary>
public static class DatasetFolder
{
    /// <exception cref="DatasetFormatException">The folder is not a readable dataset (the message names the file).</exception>
    public static DatasetIndex Read(string root, EscSubset subset) =>
        File.Exists(Path.Combine(root, Esc50DatasetReader.MetadataRelativePath))
            ? Esc50DatasetReader.Read(root, subset)
            : FolderDatasetReader.Read(root);
}
