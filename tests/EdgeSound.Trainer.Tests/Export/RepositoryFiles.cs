namespace EdgeSound.Trainer.Tests.Export;

/// <summary>Committed files the export tests use, found from the repository root.</summary>
public static class RepositoryFiles
{
    /// <summary>The folder holding EdgeSound.sln, above the test binaries.</summary>
    public static string Root
    {
        get
        {
            var dir = new DirectoryInfo(AppContext.BaseDirectory);
            while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "EdgeSound.sln"))) dir = dir.Parent;
            return dir?.FullName ?? throw new InvalidOperationException($"No EdgeSound.sln above {AppContext.BaseDirectory}.");
        }
    }

    /// <summary>The study winner committed for export: model.pt, model.json, result.json.</summary>
    public static string Winner => Path.Combine(Root, "docs", "results", "esc10", "winner");
}
