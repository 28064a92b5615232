using System.Text.Json;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Tests.Support;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Export;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Trainer.Tests.Export;

/// <summary>The committed study winner (Arch2, 1 head, log-mel) exported and compared on real audio.</summary>
[Collection(TorchCollection.Name)]
public sealed class WinnerExportTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void The_exported_winner_matches_torch_within_1e4_on_windows_of_real_esc10_clips()
    {
        var root = Esc10Data.RootOrSkip();
        using var winner = TrainedModel.Load(RepositoryFiles.Winner);
        var metadata = ExportMetadata.From(winner.Card, winner.Result, winner.CardPath);
        using var session = ParityRunner.Session(OnnxExporter.Export(winner.Module, metadata));

        // The first test-fold clip of three classes: a few real windows keep the test quick.
        var index = Esc50DatasetReader.Read(root, EscSubset.Esc10);
        var clips = index.ClipsInFolds(1).GroupBy(c => c.ClassIndex).Take(3).Select(g => g.First())
            .Select(r => new LoadedClip(r, AudioFileLoader.Load(r.AudioPath, metadata.Features.SampleRate))).ToList();
        var geometry = new WindowGeometry(metadata.Features, metadata.WindowFrames, metadata.HopFrames);
        var windows = EvaluationSet.Build(clips, new ModelInputBuilder(geometry, metadata.InputKind));
        int count = Math.Min(windows.WindowCount, 12);
        var inputs = windows.Inputs.AsSpan(0, count * windows.RowLength).ToArray();
        long[] shape = [count, .. metadata.InputShape];

        var expected = ParityRunner.RunTorch(winner.Module, inputs, shape);
        var (logits, probabilities) = ParityRunner.RunOnnx(session, inputs, shape);

        float difference = ParityRunner.MaxAbsDifference(expected, logits);
        output.WriteLine($"winner on {count} windows of {clips.Count} clips: max |logit difference| {difference:E2} (logits up to {expected.Max(Math.Abs):F2})");
        Assert.True(difference <= 1e-4f, $"max |logit difference| {difference} > 1e-4");
        Assert.True(ParityRunner.WorstRowSumError(probabilities, metadata.Labels.Count) <= 1e-5);
    }

    [Fact]
    public void The_winners_metadata_comes_back_from_the_onnx_runtime_session()
    {
        using var winner = TrainedModel.Load(RepositoryFiles.Winner);
        var written = ExportMetadata.From(winner.Card, winner.Result, winner.CardPath);
        using var session = ParityRunner.Session(OnnxExporter.Export(winner.Module, written));

        var read = ModelMetadata.FromProperties(session.ModelMetadata.CustomMetadataMap, "winner.onnx");

        Assert.Equal(winner.Card.Classes, read.Labels);
        Assert.Equal(FeatureConfig.FromJson(winner.Card.FeatureConfigJson), read.Features);
        Assert.Equal(128, read.WindowFrames);
        Assert.Equal(winner.Card.HopFrames, read.HopFrames);
        Assert.Equal(InputKind.LogMel, read.InputKind);
        Assert.Equal("float32", read.Precision);
        Assert.Equal([1L, 64, 128], read.InputShape);
        using var run = JsonDocument.Parse(read.RunJson);
        Assert.Equal("arch2-h1", run.RootElement.GetProperty("sweep").GetString());
        Assert.Equal("major-sweep-2", run.RootElement.GetProperty("trial").GetString());
        Assert.Equal("1", run.RootElement.GetProperty("hyperparameters").GetProperty("n_heads").GetString());
        using var metrics = JsonDocument.Parse(read.MetricsJson);
        Assert.Equal(0.8625, metrics.RootElement.GetProperty("test_accuracy").GetDouble(), 6);
        Assert.Equal(winner.Result!.TestMacroF1, metrics.RootElement.GetProperty("test_macro_f1").GetDouble(), 9);
        Assert.Equal(ModelMetadata.InputName, session.InputMetadata.Keys.Single());
        Assert.Equal([ModelMetadata.LogitsName, ModelMetadata.ProbabilitiesName], session.OutputMetadata.Keys.Order());
    }

    [Fact]
    public void A_waveform_models_metadata_comes_back_with_its_input_kind_and_sample_span()
    {
        var exportCase = ExportCases.Named("arch2-h2-dk8-dv8-waveform");
        using var model = ExportCases.BuildModel(exportCase, seed: 9);
        using var session = ParityRunner.Session(OnnxExporter.Export(model, exportCase.Metadata));

        var read = ModelMetadata.FromProperties(session.ModelMetadata.CustomMetadataMap, "waveform.onnx");

        Assert.Equal(InputKind.Waveform, read.InputKind);
        Assert.Equal(exportCase.Metadata.Labels, read.Labels);
        Assert.Equal(exportCase.Metadata.Features, read.Features);
        Assert.Equal(exportCase.Metadata.WindowFrames, read.WindowFrames);
        Assert.Equal(exportCase.Metadata.HopFrames, read.HopFrames);
        Assert.Equal([1L, exportCase.Spec.WindowSamples], read.InputShape);
        // The declared input: a symbolic batch, then the shape the metadata promises.
        var declared = session.InputMetadata[ModelMetadata.InputName].Dimensions;
        Assert.Equal([-1, 1, exportCase.Spec.WindowSamples], declared);
    }
}
