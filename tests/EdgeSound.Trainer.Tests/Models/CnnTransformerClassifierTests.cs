using EdgeSound.Shared.Models;
using EdgeSound.Trainer.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using EdgeSound.Trainer.Tests;

namespace EdgeSound.Trainer.Tests.Models;

[Collection(TorchCollection.Name)]
public class CnnTransformerClassifierTests
{
    [Theory]
    [InlineData(InputKind.LogMel)]
    [InlineData(InputKind.Waveform)]
    public void Changing_the_cls_token_changes_the_logits(InputKind kind)
    {
        using var scope = NewDisposeScope();
        manual_seed(3);
        var spec = SmallSpecs.Of(Architecture.CnnTransformer, kind);
        using var model = new CnnTransformerClassifier(spec);
        model.eval();
        var input = randn(spec.InputShape(2));
        var before = model.forward(input);
        // Random, not constant: every LayerNorm would cancel a shift that is the same in all d entries.
        using (no_grad()) model.ClsToken.add_(randn_like(model.ClsToken));
        var after = model.forward(input);
        Assert.True((after - before).abs().max().item<float>() > 1e-3f);
    }

    [Fact]
    public void Positional_rows_beyond_the_sequence_do_not_affect_the_logits()
    {
        using var scope = NewDisposeScope();
        var spec = SmallSpecs.LogMel(Architecture.CnnTransformer);   // 4 tokens + CLS, MaxTokens 8
        using var model = new CnnTransformerClassifier(spec);
        model.eval();
        var input = randn(spec.InputShape(2));
        var before = model.forward(input);
        using (no_grad()) model.PositionalEmbedding.narrow(1, 5, 3).add_(randn(1, 3, spec.FeaturesLength));
        Assert.True(allclose(model.forward(input), before, atol: 0));
        using (no_grad()) model.PositionalEmbedding.narrow(1, 4, 1).add_(randn(1, 1, spec.FeaturesLength));
        Assert.False(allclose(model.forward(input), before, atol: 1e-4));
    }

    [Theory]
    [InlineData(Architecture.Cnn, InputKind.LogMel)]
    [InlineData(Architecture.CnnTransformer, InputKind.LogMel)]
    [InlineData(Architecture.CnnTransformer, InputKind.Waveform)]
    public void In_eval_mode_each_item_is_independent_of_batch_order(Architecture architecture, InputKind kind)
    {
        using var scope = NewDisposeScope();
        var spec = SmallSpecs.Of(architecture, kind);
        using var model = ModelFactory.Create(spec);
        model.eval();
        var input = randn(spec.InputShape(3));
        var logits = model.forward(input);
        var order = tensor(new long[] { 2, 0, 1 });
        var shuffled = model.forward(input.index_select(0, order));
        Assert.True(allclose(shuffled, logits.index_select(0, order), atol: 1e-5));
        var alone = model.forward(input.narrow(0, 1, 1));
        Assert.True(allclose(alone, logits.narrow(0, 1, 1), atol: 1e-5));
    }
}
