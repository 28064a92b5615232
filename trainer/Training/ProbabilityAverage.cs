using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Training;

/// <summary>
/// Several trained classifiers as one: the log of the mean of their softmax probabilities, so a
/// softmax of the output is the ensemble's averaged probabilities (as <c>trainer ensemble</c> scores
/// them) and it can stand wherever one model's logits are read, as a distillation teacher.
/// The members are only run; they keep their own weights and mode.
/// </summary>
public sealed class ProbabilityAverage : nn.Module<Tensor, Tensor>
{
    private readonly ModuleList<nn.Module<Tensor, Tensor>> members;

    public ProbabilityAverage(IReadOnlyList<nn.Module<Tensor, Tensor>> models) : base(nameof(ProbabilityAverage))
    {
        if (models.Count == 0) throw new ArgumentException("An average needs at least one model.", nameof(models));
        members = nn.ModuleList(models.ToArray());
        RegisterComponents();
    }

    /// <summary>How many models are averaged.</summary>
    public int Count => members.Count;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        // log(mean_i p_i) from the members' log-probabilities, without leaving log space.
        var logProbabilities = stack(members.Select(m => nn.functional.log_softmax(m.forward(input), 1)), 0);
        var averaged = logProbabilities.logsumexp(0) - Math.Log(members.Count);
        return averaged.MoveToOuterDisposeScope();
    }
}
