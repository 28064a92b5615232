using EdgeSound.Shared.Data;

namespace EdgeSound.Trainer.Data;

/// <summary>Where the study's data came from, and whether it is the synthetic demo set.</summary>
public sealed record LocatedDataset(DatasetIndex Index, bool IsSynthetic, IReadOnlyList<string> Searched);

/// <summary>
/// Finds the dataset: <c>--data</c>, else <c>$EDGESOUND_DATA</c>, else <c>data/ESC-50-master</c> (where
/// tools/fetch-esc50.sh puts it); an ESC-50 layout (meta/esc50.csv) is read as ESC-10 or ESC-50, any
/// other folder as folder-per-class. With nothing found it falls back to the synthetic demo set.
/// </summary>
public static class DatasetLocator
{
    public const string EnvironmentVariable = "EDGESOUND_DATA";
    public static readonly string DefaultFolder = Path.Combine("data", "ESC-50-master");

    public static LocatedDataset Locate(string? dataOption, EscSubset subset, string syntheticFolder, Action<string>? say = null)
    {
        var searched = new List<string>();
        if (!string.IsNullOrWhiteSpace(dataOption))
        {
            // An explicit path that is wrong is an error, never a silent fallback.
            if (!Directory.Exists(dataOption))
                throw new DirectoryNotFoundException($"--data {dataOption}: no such folder. Point it at an ESC-50 download (with meta/esc50.csv) or a folder with one sub-folder of WAVs per class.");
            return new LocatedDataset(DatasetFolder.Read(dataOption, subset), false, [dataOption]);
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        foreach (var candidate in new[] { fromEnvironment, DefaultFolder })
        {
            if (string.IsNullOrWhiteSpace(candidate)) continue;
            searched.Add(Path.GetFullPath(candidate));
            if (Directory.Exists(candidate)) return new LocatedDataset(DatasetFolder.Read(candidate, subset), false, searched);
        }

        say?.Invoke($"No dataset found (looked at --data, ${EnvironmentVariable}{(fromEnvironment is null ? " (unset)" : "")}, {string.Join(", ", searched)}). " +
                    "Running the built-in SYNTHETIC demo set instead; run tools/fetch-esc50.sh for the real ESC-50.");
        SyntheticDemoSet.Generate(syntheticFolder);
        return new LocatedDataset(FolderDatasetReader.Read(syntheticFolder), true, searched);
    }
}
