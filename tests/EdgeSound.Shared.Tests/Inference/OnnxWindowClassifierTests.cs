using EdgeSound.Shared.Inference;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Tests.Support;
using Xunit;

namespace EdgeSound.Shared.Tests.Inference;

public sealed class OnnxWindowClassifierTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgesound-infer-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    private static float[] RandomInputs(int count, int seed)
    {
        var random = new Random(seed);
        var inputs = new float[count * TinyModels.Features.MelCount * TinyModels.WindowFrames];
        for (int i = 0; i < inputs.Length; i++) inputs[i] = (float)(random.NextDouble() * 20 - 15);
        return inputs;
    }

    [Fact]
    public void Probabilities_and_logits_of_a_batch_equal_a_hand_computation()
    {
        var path = PathOf("tiny.onnx");
        var (weights, biases) = TinyModels.SaveLogMel(path);
        using var classifier = OnnxWindowClassifier.Open(path);
        Assert.Equal(TinyModels.Labels, classifier.Metadata.Labels);
        Assert.True(classifier.HasLogits);

        const int count = 3;
        int row = classifier.Metadata.InputLength, labels = TinyModels.Labels.Length;
        var inputs = RandomInputs(count, seed: 7);
        var probabilities = new float[count * labels];
        var logits = new float[count * labels];
        classifier.Classify(inputs, count, probabilities, logits);
        var probabilitiesOnly = new float[count * labels];
        classifier.Classify(inputs, count, probabilitiesOnly);

        for (int b = 0; b < count; b++)
        {
            var expectedLogits = TinyModels.LogMelLogits(inputs.AsSpan(b * row, row), weights, biases, TinyModels.WindowFrames);
            var expected = TinyModels.Softmax(expectedLogits);
            for (int l = 0; l < labels; l++)
            {
                Assert.Equal(expectedLogits[l], logits[b * labels + l], 1e-5);
                Assert.Equal(expected[l], probabilities[b * labels + l], 1e-6);
                Assert.Equal(probabilities[b * labels + l], probabilitiesOnly[b * labels + l]);
            }
        }
    }

    [Fact]
    public void A_call_larger_than_one_run_is_split_and_gives_the_same_rows_as_single_calls()
    {
        var path = PathOf("tiny.onnx");
        TinyModels.SaveLogMel(path);
        using var classifier = OnnxWindowClassifier.Open(path);
        int count = OnnxWindowClassifier.MaxRunBatch + 5, row = classifier.Metadata.InputLength, labels = TinyModels.Labels.Length;
        var inputs = RandomInputs(count, seed: 3);
        var batched = new float[count * labels];
        classifier.Classify(inputs, count, batched);

        var single = new float[labels];
        foreach (int i in new[] { 0, 1, OnnxWindowClassifier.MaxRunBatch - 1, OnnxWindowClassifier.MaxRunBatch, count - 1 })
        {
            classifier.Classify(inputs.AsSpan(i * row, row), 1, single);
            for (int l = 0; l < labels; l++) Assert.Equal(single[l], batched[i * labels + l], 1e-6);
        }
    }

    [Fact]
    public void Classifying_one_window_at_a_time_allocates_nothing_in_the_steady_state()
    {
        var path = PathOf("tiny.onnx");
        TinyModels.SaveLogMel(path);
        using var classifier = OnnxWindowClassifier.Open(path);
        var input = RandomInputs(1, seed: 11);
        var probabilities = new float[TinyModels.Labels.Length];
        var logits = new float[TinyModels.Labels.Length];

        Assert.Equal(0L, Allocations.SteadyStateBytes(() =>
        {
            for (int hop = 0; hop < 50; hop++) classifier.Classify(input, 1, probabilities);
        }));
        Assert.Equal(0L, Allocations.SteadyStateBytes(() => classifier.Classify(input, 1, probabilities, logits)));
        Assert.Equal(1.0, probabilities.Sum(), 1e-5);
    }

    public static TheoryData<string> BrokenModels => ["no-metadata", "input-name", "input-frames", "no-probabilities", "label-count"];

    [Theory]
    [MemberData(nameof(BrokenModels))]
    public void A_model_the_device_cannot_serve_is_refused_with_an_error_naming_the_file(string problem)
    {
        var path = PathOf(problem + ".onnx");
        TinyModels.SaveLogMel(path, problem switch
        {
            "no-metadata" => new TinyModels.Options { WithMetadata = false },
            "input-name" => new TinyModels.Options { InputName = "x" },
            "input-frames" => new TinyModels.Options { GraphFrames = TinyModels.WindowFrames + 1 },
            "no-probabilities" => new TinyModels.Options { WithProbabilities = false },
            "label-count" => new TinyModels.Options { GraphLabels = 2 },
            _ => throw new ArgumentOutOfRangeException(nameof(problem)),
        });

        var e = Record.Exception(() => OnnxWindowClassifier.Open(path).Dispose());
        Assert.NotNull(e);
        Assert.Contains(path, e.Message);
        switch (problem)
        {
            case "no-metadata":
                Assert.IsType<ModelMetadataException>(e);
                Assert.Contains(ModelMetadata.FormatVersionKey, e.Message);
                break;
            case "input-name":
                Assert.IsType<InvalidDataException>(e);
                Assert.Contains("[x]", e.Message);
                break;
            case "input-frames":
                Assert.IsType<InvalidDataException>(e);
                Assert.Contains($"[?, 1, {TinyModels.Features.MelCount}, {TinyModels.WindowFrames + 1}]", e.Message);
                break;
            case "no-probabilities":
                Assert.IsType<InvalidDataException>(e);
                Assert.Contains($"no '{ModelMetadata.ProbabilitiesName}' output", e.Message);
                break;
            case "label-count":
                Assert.IsType<InvalidDataException>(e);
                Assert.Contains("3 labels", e.Message);
                break;
        }
    }

    [Fact]
    public void A_file_onnx_runtime_cannot_load_is_refused_with_its_message_and_the_file()
    {
        var path = PathOf("garbage.onnx");
        File.WriteAllText(path, "not a model at all");
        var e = Assert.Throws<InvalidDataException>(() => OnnxWindowClassifier.Open(path));
        Assert.Contains(path, e.Message);
        Assert.Contains("ONNX Runtime cannot load", e.Message);

        var missing = PathOf("missing.onnx");
        Assert.Contains(missing, Assert.Throws<FileNotFoundException>(() => OnnxWindowClassifier.Open(missing)).Message);
    }

    [Fact]
    public void Inputs_too_short_for_the_count_are_refused()
    {
        var path = PathOf("tiny.onnx");
        TinyModels.SaveLogMel(path);
        using var classifier = OnnxWindowClassifier.Open(path);
        var probabilities = new float[2 * TinyModels.Labels.Length];
        Assert.Throws<ArgumentException>(() => classifier.Classify(RandomInputs(1, 1), 2, probabilities));
        Assert.Throws<ArgumentException>(() => classifier.Classify(RandomInputs(2, 1), 2, new float[1]));
    }
}
