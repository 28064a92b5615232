using Xunit;
using EdgeSound.Shared.Onnx;
using EdgeSound.Shared.Onnx.Proto;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;

namespace EdgeSound.Shared.Tests.Onnx;

public sealed class OnnxGraphBuilderTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgesound-onnx-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void A_built_gemm_softmax_model_runs_in_onnx_runtime_with_a_dynamic_batch_and_its_metadata()
    {
        var b = new OnnxGraphBuilder("tiny");
        var x = b.AddInput("input", TensorProto.Types.DataType.Float, -1, 3);
        // y = x W^T + c with W [2, 3] (Gemm transB=1 takes the [out, in] layout of a Linear layer).
        var w = b.AddInitializer("w", [1f, 2f, 3f, -1f, 0f, 1f], 2, 3);
        var c = b.AddInitializer("c", [0.5f, -0.5f], 2);
        b.AddNode("Gemm", [x, w, c], ["logits"], OnnxAttribute.Int("transB", 1));
        b.AddNode("Softmax", ["logits"], ["probabilities"], OnnxAttribute.Int("axis", 1));
        b.AddOutput("logits", TensorProto.Types.DataType.Float, -1, 2);
        b.AddOutput("probabilities", TensorProto.Types.DataType.Float, -1, 2);
        var path = Path.Combine(_folder, "tiny.onnx");
        OnnxModelFile.Save(b.Build(new Dictionary<string, string> { ["k"] = "v" }, "test"), path);

        using var session = new InferenceSession(path);
        var input = new DenseTensor<float>(new float[] { 1, 1, 1, 0, 0, 2 }, [2, 3]);
        using var results = session.Run([NamedOnnxValue.CreateFromTensor("input", input)]);
        var logits = results.First(r => r.Name == "logits").AsTensor<float>().ToArray();
        Assert.Equal([6.5f, -0.5f, 6.5f, 1.5f], logits);
        Assert.Equal("v", session.ModelMetadata.CustomMetadataMap["k"]);
        Assert.Equal("v", OnnxModelFile.Metadata(OnnxModelFile.Load(path))["k"]);
    }

    [Fact]
    public void Unique_names_never_repeat_and_a_taken_input_name_is_refused()
    {
        var b = new OnnxGraphBuilder("g");
        Assert.Equal("conv", b.UniqueName("conv"));
        Assert.Equal("conv_1", b.UniqueName("conv"));
        Assert.Equal("conv_2", b.UniqueName("conv"));
        b.AddInput("input", TensorProto.Types.DataType.Float, -1, 1);
        Assert.Throws<ArgumentException>(() => b.AddInput("input", TensorProto.Types.DataType.Float, -1, 1));
        Assert.Throws<ArgumentException>(() => b.AddInitializer("w", [1f, 2f, 3f], 2, 2));
    }

    [Fact]
    public void Loading_a_file_that_is_not_onnx_names_the_file()
    {
        var path = Path.Combine(_folder, "bad.onnx");
        File.WriteAllText(path, "this is not a protobuf model");
        var e = Assert.Throws<InvalidDataException>(() => OnnxModelFile.Load(path));
        Assert.Contains(path, e.Message);
    }
}
