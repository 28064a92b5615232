using System.Text.Json;
using EdgeSound.Edge.Commands;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Inference;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Onnx;
using EdgeSound.Shared.Onnx.Proto;
using EdgeSound.Shared.Tests.Support;
using Xunit;

namespace EdgeSound.Edge.Tests.Commands;

/// <summary><c>info</c> and <c>classify</c> on the shipped float model (the exported study winner).</summary>
public sealed class ModelCommandsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-model-commands-");
    private static readonly string FloatModel = Path.Combine(RepositoryFiles.Models, "esc10.fp32.onnx");

    public void Dispose() => _folder.Delete(recursive: true);

    private string WriteChirp(string name, int sampleRate, double seconds)
    {
        var samples = new float[(int)(sampleRate * seconds)];
        for (int i = 0; i < samples.Length; i++)
        {
            double t = i / (double)sampleRate;
            samples[i] = (float)(0.3 * Math.Sin(2 * Math.PI * (300 * t + 400 * t * t)));
        }
        var path = Path.Combine(_folder.FullName, name);
        WavWriter.WritePcm16(path, samples, sampleRate, channels: 1);
        return path;
    }

    [Fact]
    public void Info_prints_the_labels_window_and_feature_hash_of_the_model()
    {
        var text = new StringWriter();
        Assert.Equal(0, InfoCommand.Run(FloatModel, json: false, text));
        using var classifier = OnnxWindowClassifier.Open(FloatModel);
        Assert.Contains(string.Join(", ", classifier.Metadata.Labels), text.ToString());
        Assert.Contains("[batch, 1, 64, 128]", text.ToString());
        Assert.Contains(classifier.Metadata.Features.Hash, text.ToString());
    }

    [Fact]
    public void Info_json_is_one_object_with_the_models_metadata()
    {
        var text = new StringWriter();
        Assert.Equal(0, InfoCommand.Run(FloatModel, json: true, text));
        using var doc = JsonDocument.Parse(text.ToString());
        var root = doc.RootElement;
        Assert.Equal(10, root.GetProperty("labels").GetArrayLength());
        Assert.Equal("logmel", root.GetProperty("input_kind").GetString());
        Assert.Equal(128, root.GetProperty("window_frames").GetInt32());
        Assert.Equal(16000, root.GetProperty("feature_config").GetProperty("sample_rate").GetInt32());
        Assert.True(root.GetProperty("metrics").GetProperty("test_accuracy").GetDouble() > 0.5);
    }

    [Fact]
    public void Classify_json_gives_file_label_confidence_and_scores_equal_to_the_clip_classifier()
    {
        var wav = WriteChirp("chirp.wav", 22050, 4.0);
        var text = new StringWriter();

        Assert.Equal(0, ClassifyCommand.Run([wav], FloatModel, json: true, timeline: true, threads: 1, text, TextWriter.Null));

        using var classifier = OnnxWindowClassifier.Open(FloatModel);
        var expected = new ClipClassifier(classifier).ScoreFile(wav);
        using var doc = JsonDocument.Parse(text.ToString());
        var root = doc.RootElement;
        Assert.Equal(wav, root.GetProperty("file").GetString());
        Assert.Equal(expected.TopLabel, root.GetProperty("label").GetString());
        Assert.Equal(expected.Confidence, root.GetProperty("confidence").GetSingle(), 6);
        var scores = root.GetProperty("scores");
        for (int i = 0; i < expected.Labels.Count; i++)
            Assert.Equal(expected.Probabilities[i], scores.GetProperty(expected.Labels[i]).GetSingle(), 6);
        Assert.Equal(expected.Windows.Count, root.GetProperty("windows").GetArrayLength());
    }

    [Fact]
    public void Classify_reports_an_unreadable_file_names_it_and_still_classifies_the_others()
    {
        var good = WriteChirp("good.wav", 16000, 3.0);
        var bad = Path.Combine(_folder.FullName, "bad.wav");
        File.WriteAllText(bad, "not a wav");
        var output = new StringWriter();
        var error = new StringWriter();

        int code = ClassifyCommand.Run([bad, good], FloatModel, json: false, timeline: false, threads: 1, output, error);

        Assert.Equal(2, code);
        Assert.Contains(bad, error.ToString());
        Assert.StartsWith(good + ": ", output.ToString());
    }

    [Fact]
    public void A_model_without_edgesound_metadata_is_refused_naming_the_file()
    {
        var path = Path.Combine(_folder.FullName, "plain.onnx");
        var b = new OnnxGraphBuilder("plain");
        var x = b.AddInput("input", TensorProto.Types.DataType.Float, -1, 4);
        b.AddNode("Softmax", [x], ["probabilities"], OnnxAttribute.Int("axis", 1));
        b.AddOutput("probabilities", TensorProto.Types.DataType.Float, -1, 4);
        OnnxModelFile.Save(b.Build(new Dictionary<string, string>(), "tests"), path);

        var e = Assert.Throws<ModelMetadataException>(() => InfoCommand.Run(path, json: false, TextWriter.Null));
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void A_missing_model_file_is_named()
    {
        var missing = Path.Combine(_folder.FullName, "nope.onnx");
        var e = Assert.Throws<FileNotFoundException>(() => ModelLocation.Resolve(missing));
        Assert.Contains(missing, e.Message);
    }
}
