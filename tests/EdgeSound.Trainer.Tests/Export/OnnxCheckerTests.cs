using EdgeSound.Shared.Onnx;
using EdgeSound.Shared.Tests.Support;
using EdgeSound.Trainer.Export;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Trainer.Tests.Export;

[Collection(TorchCollection.Name)]
public sealed class OnnxCheckerTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgesound-export-check-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    // One python process for all files: importing onnx costs more than checking a tiny model.
    private const string CheckScript = """
        import sys, onnx
        for path in sys.argv[1:]:
            onnx.checker.check_model(onnx.load(path), full_check=True)
            print("ok", path)
        """;

    [SkippableFact]
    public void Every_exported_variant_and_the_winner_pass_the_onnx_checker_with_full_check()
    {
        ExternalTools.RequirePythonModule("onnx");
        var paths = new List<string>();
        foreach (var exportCase in ExportCases.All)
        {
            using var model = ExportCases.BuildModel(exportCase, seed: 5);
            var path = Path.Combine(_folder, exportCase.Name + ".onnx");
            OnnxModelFile.Save(OnnxExporter.Export(model, exportCase.Metadata), path);
            paths.Add(path);
        }
        using (var winner = TrainedModel.Load(RepositoryFiles.Winner))
        {
            var path = Path.Combine(_folder, "winner.onnx");
            OnnxModelFile.Save(OnnxExporter.Export(winner.Module, ExportMetadata.From(winner.Card, winner.Result, winner.CardPath)), path);
            paths.Add(path);
        }

        int exitCode = ExternalTools.Run(ExternalTools.Python, ["-c", CheckScript, .. paths], out var text);
        output.WriteLine(text);
        Assert.True(exitCode == 0, $"onnx.checker refused a model:\n{text}");
        Assert.Equal(paths.Count, text.Split('\n').Count(line => line.StartsWith("ok ", StringComparison.Ordinal)));
    }
}
