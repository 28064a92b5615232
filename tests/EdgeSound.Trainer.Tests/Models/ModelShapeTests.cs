using EdgeSound.Shared.Models;
using EdgeSound.Trainer.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using EdgeSound.Trainer.Tests;

namespace EdgeSound.Trainer.Tests.Models;

[Collection(TorchCollection.Name)]
public class ModelShapeTests
{
    public static TheoryData<Architecture, InputKind, int> Cases() => new()
    {
        { Architecture.Cnn, InputKind.LogMel, 1 },
        { Architecture.Cnn, InputKind.LogMel, 3 },
        { Architecture.Cnn, InputKind.Waveform, 1 },
        { Architecture.Cnn, InputKind.Waveform, 3 },
        { Architecture.CnnTransformer, InputKind.LogMel, 1 },
        { Architecture.CnnTransformer, InputKind.LogMel, 3 },
        { Architecture.CnnTransformer, InputKind.Waveform, 1 },
        { Architecture.CnnTransformer, InputKind.Waveform, 3 },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Logits_have_shape_batch_by_classes(Architecture architecture, InputKind kind, int batch)
    {
        using var scope = NewDisposeScope();
        var spec = SmallSpecs.Of(architecture, kind);
        using var model = ModelFactory.Create(spec);
        model.eval();
        var logits = model.forward(randn(spec.InputShape(batch)));
        Assert.Equal(new long[] { batch, SmallSpecs.Classes }, logits.shape);
        Assert.True(isfinite(logits).all().item<bool>());
    }

    [Fact]
    public void Factory_builds_the_class_the_architecture_names()
    {
        using var cnn = ModelFactory.Create(SmallSpecs.LogMel(Architecture.Cnn));
        using var transformer = ModelFactory.Create(SmallSpecs.Waveform(Architecture.CnnTransformer));
        Assert.IsType<CnnClassifier>(cnn);
        Assert.IsType<CnnTransformerClassifier>(transformer);
    }

    [Fact]
    public void Front_ends_have_the_documented_layers_and_output_geometry()
    {
        using var scope = NewDisposeScope();
        var logMel = new ConvStack(SmallSpecs.LogMel(Architecture.Cnn));
        var wave = new ConvStack(SmallSpecs.Waveform(Architecture.Cnn));
        Assert.Equal(new long[] { 8, 1, 3, 3 }, logMel.Blocks[0].Conv.weight!.shape);
        Assert.Equal(new long[] { 64, 32, 3, 3 }, logMel.Blocks[3].Conv.weight!.shape);
        Assert.Equal(new long[] { 8, 1, 80 }, wave.Blocks[0].Conv.weight!.shape);
        Assert.Equal(new long[] { 4 }, wave.Blocks[0].Conv.stride);
        Assert.Equal(new long[] { 64, 32, 3 }, wave.Blocks[3].Conv.weight!.shape);
        Assert.Equal(new long[] { 2, 64, 2, 4 }, logMel.forward(randn(2, 1, 32, 64)).shape);
        Assert.Equal(new long[] { 2, 64, 3 }, wave.forward(randn(2, 1, 4096)).shape);
    }

    [Fact]
    public void A_batch_of_the_wrong_geometry_is_rejected_with_the_expected_shape()
    {
        using var scope = NewDisposeScope();
        using var model = ModelFactory.Create(SmallSpecs.LogMel(Architecture.Cnn));
        var error = Assert.Throws<ArgumentException>(() => model.forward(randn(2, 1, 64, 32)));
        Assert.Contains("expects input [B, 1, 32, 64] for LogMel, got [2, 1, 64, 32]", error.Message);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Attention_projections_have_per_head_widths_when_dk_differs_from_dv(int heads)
    {
        using var scope = NewDisposeScope();
        const int d = 32, dk = 64, dv = 32, batch = 3;
        var spec = SmallSpecs.LogMel(Architecture.CnnTransformer) with { FeaturesLength = d, NHeads = heads, Dk = dk, Dv = dv };
        using var model = new CnnTransformerClassifier(spec);
        model.eval();
        var attention = model.Blocks[0].Attention;

        Assert.Equal(new long[] { heads * dk, d }, attention.Query.weight!.shape);
        Assert.Equal(new long[] { heads * dk, d }, attention.Key.weight!.shape);
        Assert.Equal(new long[] { heads * dv, d }, attention.Value.weight!.shape);
        Assert.Equal(new long[] { d, heads * dv }, attention.Output.weight!.shape);

        var input = randn(spec.InputShape(batch));
        int sequence = model.TokenCount + 1;
        var tokens = model.Tokenise(input);
        Assert.Equal(new long[] { batch, model.TokenCount, d }, tokens.shape);
        var weights = attention.AttentionWeights(tokens);
        Assert.Equal(new long[] { batch, heads, model.TokenCount, model.TokenCount }, weights.shape);
        Assert.True(allclose(weights.sum(-1), ones(batch, heads, model.TokenCount), atol: 1e-5));
        Assert.Equal(new long[] { batch, SmallSpecs.Classes }, model.forward(input).shape);
        Assert.Equal(5, sequence); // 4 tokens + CLS for the 64-frame window
    }

    [Fact]
    public void Attention_matches_a_hand_written_single_head_computation()
    {
        using var scope = NewDisposeScope();
        manual_seed(11);
        var attention = new MultiHeadSelfAttention("a", modelWidth: 6, heads: 1, dk: 4, dv: 3);
        var x = randn(2, 5, 6);
        var q = x.matmul(attention.Query.weight!.t()) + attention.Query.bias!;
        var k = x.matmul(attention.Key.weight!.t()) + attention.Key.bias!;
        var v = x.matmul(attention.Value.weight!.t()) + attention.Value.bias!;
        var expected = (q.matmul(k.transpose(1, 2)) / 2.0).softmax(-1).matmul(v)
            .matmul(attention.Output.weight!.t()) + attention.Output.bias!;
        Assert.True(allclose(attention.forward(x), expected, atol: 1e-5));
    }
}
