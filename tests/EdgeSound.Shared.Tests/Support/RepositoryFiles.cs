namespace EdgeSound.Shared.Tests.Support;

/// <summary>Committed files tests use (models, study results, scripts), found from the repository root.</summary>
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

    /// <summary>The study winner behind the shipped models, committed for export: model.pt, model.json, result.json.</summary>
    public static string Winner => Path.Combine(Root, "docs", "results", "esc10-device", "winner");

    /// <summary>The shipped models: esc10.onnx (int8, the edge's default) and esc10.fp32.onnx.</summary>
    public static string Models => Path.Combine(Root, "models");
}
