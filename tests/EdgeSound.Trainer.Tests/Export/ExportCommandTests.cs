using EdgeSound.Shared.Tests.Support;
using System.CommandLine;
using EdgeSound.Trainer.Cli;
using EdgeSound.Trainer.Study;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Xunit;

namespace EdgeSound.Trainer.Tests.Export;

[Collection(TorchCollection.Name)]
public sealed class ExportCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgesound-export-cmd-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static int Invoke(params string[] args) => CommandLineErrors.Run(new RootCommand { ExportCommand.Create() }, args);

    [Fact]
    public void Exports_the_committed_winner_into_a_new_folder_and_reports_what_it_wrote()
    {
        var target = Path.Combine(_folder, "out", "winner.onnx");

        var summary = ExportCommand.Run(RepositoryFiles.Winner, cardPath: null, target);

        Assert.True(File.Exists(target));
        Assert.Equal(new FileInfo(target).Length, summary.Bytes);
        var text = summary.Describe();
        Assert.Contains(target, text);
        Assert.Contains("[batch, 1, 64, 128]", text);
        Assert.Contains("dog, rooster, rain", text);
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(target)!)); // no temporary file left behind

        using var session = new InferenceSession(target);
        var input = new DenseTensor<float>(new float[2 * 64 * 128], [2, 1, 64, 128]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        Assert.Equal([2, 10], results.Single(r => r.Name == "probabilities").AsTensor<float>().Dimensions.ToArray());
    }

    [Fact]
    public void The_command_line_exports_from_the_model_pt_path_with_an_explicit_card()
    {
        var target = Path.Combine(_folder, "winner.onnx");
        int exitCode = Invoke("export", "--model", Path.Combine(RepositoryFiles.Winner, "model.pt"),
            "--card", Path.Combine(RepositoryFiles.Winner, "model.json"), "--out", target);
        Assert.Equal(0, exitCode);
        Assert.True(new FileInfo(target).Length > 100_000);
    }

    [Fact]
    public void Missing_weights_name_the_file_exit_2_and_write_nothing()
    {
        var model = ModelFolder(withWeights: false);
        var target = Path.Combine(_folder, "out.onnx");

        var e = Assert.Throws<FileNotFoundException>(() => ExportCommand.Run(model, null, target));
        Assert.Contains(Path.Combine(model, "model.pt"), e.Message);
        Assert.Equal(2, Invoke("export", "--model", model, "--out", target));
        Assert.False(File.Exists(target));
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("truncated")]
    public void Corrupt_weights_name_the_file_exit_2_and_leave_no_output(string damage)
    {
        var model = ModelFolder(withWeights: true);
        var weights = Path.Combine(model, "model.pt");
        var bytes = File.ReadAllBytes(weights);
        if (damage == "garbage") new Random(1).NextBytes(bytes);
        else bytes = bytes[..(bytes.Length / 2)];
        File.WriteAllBytes(weights, bytes);
        var outFolder = Path.Combine(_folder, "out");
        Directory.CreateDirectory(outFolder);
        var target = Path.Combine(outFolder, "model.onnx");

        var e = Assert.Throws<InvalidDataException>(() => ExportCommand.Run(model, null, target));
        Assert.Contains(weights, e.Message);
        Assert.Equal(2, Invoke("export", "--model", model, "--out", target));
        Assert.Empty(Directory.GetFileSystemEntries(outFolder));
    }

    [Fact]
    public void A_missing_card_is_named_and_nothing_is_written()
    {
        var model = ModelFolder(withWeights: true, withCard: false);
        var target = Path.Combine(_folder, "out.onnx");

        var e = Assert.Throws<FileNotFoundException>(() => ExportCommand.Run(model, null, target));
        Assert.Contains(Path.Combine(model, FinalModelCard.FileName), e.Message);
        Assert.Equal(2, Invoke("export", "--model", model, "--out", target));
        Assert.False(File.Exists(target));
    }

    [Theory]
    [InlineData("{ \"Sweep\": \"s\", ")]                          // not JSON
    [InlineData("{ \"Sweep\": \"s\", \"Trial\": \"t\" }")]        // JSON, but no model spec
    public void A_corrupt_card_is_named_exit_2_and_nothing_is_written(string cardText)
    {
        var model = ModelFolder(withWeights: true);
        var card = Path.Combine(model, FinalModelCard.FileName);
        File.WriteAllText(card, cardText);
        var target = Path.Combine(_folder, "out.onnx");

        var e = Assert.Throws<InvalidDataException>(() => ExportCommand.Run(model, null, target));
        Assert.Contains(card, e.Message);
        Assert.Equal(2, Invoke("export", "--model", model, "--out", target));
        Assert.False(File.Exists(target));
    }

    [Fact]
    public void Weights_of_another_model_are_refused_with_both_files_named()
    {
        // The winner's card with a different width: model.pt no longer fits the rebuilt module.
        var model = ModelFolder(withWeights: true);
        var card = Path.Combine(model, FinalModelCard.FileName);
        var original = FinalModelCard.Load(card);
        (original with { Model = original.Model with { FeaturesLength = 48 } }).Save(card);

        var e = Assert.Throws<InvalidDataException>(() => ExportCommand.Run(model, null, Path.Combine(_folder, "out.onnx")));
        Assert.Contains(Path.Combine(model, "model.pt"), e.Message);
        Assert.Contains(card, e.Message);
    }

    [Fact]
    public void A_card_whose_labels_do_not_fit_its_model_is_named_exit_2_and_nothing_is_written()
    {
        var model = ModelFolder(withWeights: true);
        var card = Path.Combine(model, FinalModelCard.FileName);
        var original = FinalModelCard.Load(card);
        (original with { Classes = original.Classes[..3] }).Save(card);
        var target = Path.Combine(_folder, "out.onnx");

        var e = Assert.Throws<InvalidDataException>(() => ExportCommand.Run(model, null, target));
        Assert.Contains(card, e.Message);
        Assert.Contains("3 labels", e.Message);
        Assert.Equal(2, Invoke("export", "--model", model, "--out", target));
        Assert.False(File.Exists(target));
    }

    // A copy of the winner folder (weights and card as asked), so a test can damage it.
    private string ModelFolder(bool withWeights, bool withCard = true)
    {
        var folder = Path.Combine(_folder, "model");
        Directory.CreateDirectory(folder);
        if (withWeights) File.Copy(Path.Combine(RepositoryFiles.Winner, "model.pt"), Path.Combine(folder, "model.pt"));
        if (withCard) File.Copy(Path.Combine(RepositoryFiles.Winner, "model.json"), Path.Combine(folder, "model.json"));
        return folder;
    }
}
