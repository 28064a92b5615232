using EdgeSound.Trainer.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Tests.Training;

[Collection(TorchCollection.Name)]
public class ProbabilityAverageTests
{
    private static nn.Module<Tensor, Tensor> Fixed(float[,] weights)
    {
        var linear = nn.Linear(2, 3, hasBias: false);
        using (no_grad()) linear.weight!.copy_(tensor(weights));
        return linear;
    }

    [Fact]
    public void The_softmax_of_the_output_is_the_mean_of_the_members_probabilities()
    {
        using var scope = NewDisposeScope();
        var a = Fixed(new float[,] { { 1f, 0f }, { 0f, 1f }, { -1f, 2f } });
        var b = Fixed(new float[,] { { 3f, -1f }, { 0.5f, 0.5f }, { 0f, 0f } });
        var input = tensor(new float[,] { { 0.2f, -1f }, { 2f, 0.5f } });
        using var average = new ProbabilityAverage([a, b]);

        var expected = (nn.functional.softmax(a.forward(input), 1) + nn.functional.softmax(b.forward(input), 1)) / 2;
        var actual = nn.functional.softmax(average.forward(input), 1);

        Assert.Equal(2, average.Count);
        Assert.True(actual.allclose(expected, rtol: 1e-5, atol: 1e-6));
        // Already normalised: the output is log-probabilities, not logits shifted by a constant.
        Assert.True(average.forward(input).exp().sum(1).allclose(ones(2), rtol: 1e-5));
    }

    [Fact]
    public void One_member_gives_its_own_probabilities_and_none_is_refused()
    {
        using var scope = NewDisposeScope();
        var a = Fixed(new float[,] { { 1f, 0f }, { 0f, 1f }, { -1f, 2f } });
        var input = tensor(new float[,] { { 0.2f, -1f } });
        using var single = new ProbabilityAverage([a]);

        Assert.True(single.forward(input).allclose(nn.functional.log_softmax(a.forward(input), 1), rtol: 1e-5, atol: 1e-6));
        Assert.Throws<ArgumentException>(() => new ProbabilityAverage([]));
    }
}
