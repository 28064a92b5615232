using EdgeSound.Shared.Tests.Support;
using Xunit;

namespace EdgeSound.Shared.Tests.Features;

/// <summary>The checked-in reference fixtures are exactly what the numpy script produces today.</summary>
public sealed class FixtureScriptTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-fixtures-");

    public void Dispose() => _folder.Delete(recursive: true);

    [SkippableFact]
    public void The_numpy_reference_script_regenerates_the_checked_in_fixtures_byte_for_byte()
    {
        ExternalTools.RequirePythonModule("numpy");
        var root = RepositoryFiles.Root;
        var fixtures = Path.Combine(root, "tests", "EdgeSound.Shared.Tests", "Fixtures", "features");

        int code = ExternalTools.Run(ExternalTools.Python,
            [Path.Combine(root, "tools", "make_feature_fixtures.py"), "--config", Path.Combine(fixtures, "feature_config.json"), "--out", _folder.FullName], out var output);

        Assert.True(code == 0, output);
        var expected = Directory.GetFiles(fixtures, "*.npy").Select(Path.GetFileName).Order().ToArray();
        Assert.NotEmpty(expected);
        Assert.Equal(expected, Directory.GetFiles(_folder.FullName, "*.npy").Select(Path.GetFileName).Order().ToArray());
        foreach (var name in expected)
            Assert.True(File.ReadAllBytes(Path.Combine(fixtures, name!)).AsSpan().SequenceEqual(File.ReadAllBytes(Path.Combine(_folder.FullName, name!))), $"{name} differs");
    }
}
