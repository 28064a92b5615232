using EdgeSound.Shared.Models;
using EdgeSound.Trainer.Models;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;
using EdgeSound.Trainer.Tests;

namespace EdgeSound.Trainer.Tests.Models;

[Collection(TorchCollection.Name)]
public class ModelTrainingTests
{
    public static TheoryData<Architecture, InputKind> Kinds() => new()
    {
        { Architecture.Cnn, InputKind.LogMel },
        { Architecture.Cnn, InputKind.Waveform },
        { Architecture.CnnTransformer, InputKind.LogMel },
        { Architecture.CnnTransformer, InputKind.Waveform },
    };

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_few_adam_steps_on_a_fixed_batch_reduce_the_loss(Architecture architecture, InputKind kind)
    {
        using var scope = NewDisposeScope();
        manual_seed(42);
        // No dropout, and the loss read in train mode (batch statistics), so the curve measures
        // learning rather than dropout noise or BatchNorm running averages still warming up.
        var spec = SmallSpecs.Of(architecture, kind) with { Dropout = 0 };
        using var model = ModelFactory.Create(spec);
        var input = randn(spec.InputShape(10));
        var labels = tensor(new long[] { 0, 1, 2, 3, 4, 0, 1, 2, 3, 4 });
        var optimizer = optim.Adam(model.parameters(), lr: 1e-2);
        var lossFunction = nn.CrossEntropyLoss();
        model.train();

        var losses = new List<float>();
        for (int step = 0; step < 20; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = lossFunction.forward(model.forward(input), labels);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }
        float initial = losses[0], final = losses[^1];
        Assert.True(final < 0.5f * initial, $"loss {initial:F3} -> {final:F3}");
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Eval_mode_is_deterministic_and_train_mode_dropout_is_not(Architecture architecture, InputKind kind)
    {
        using var scope = NewDisposeScope();
        var spec = SmallSpecs.Of(architecture, kind) with { Dropout = 0.5 };
        using var model = ModelFactory.Create(spec);
        var input = randn(spec.InputShape(3));
        model.eval();
        Assert.True(eq(model.forward(input), model.forward(input)).all().item<bool>());
        model.train();
        Assert.False(eq(model.forward(input), model.forward(input)).all().item<bool>());
    }

    [Fact]
    public void Moving_a_model_moves_every_parameter_and_buffer()
    {
        // Only CPU exists on the build machines; this checks .to(device) reaches every tensor, which
        // is what makes CUDA work without code that names a device.
        using var scope = NewDisposeScope();
        var spec = SmallSpecs.LogMel(Architecture.CnnTransformer);
        using var model = ModelFactory.Create(spec, CPU).to(float64);
        Assert.All(model.parameters(), p => Assert.Equal(float64, p.dtype));
        Assert.All(model.named_buffers().Where(b => b.buffer.is_floating_point()), b => Assert.Equal(float64, b.buffer.dtype));
        model.eval();
        Assert.Equal(float64, model.forward(randn(spec.InputShape(2), float64)).dtype);
    }
}
