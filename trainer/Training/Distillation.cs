using static TorchSharp.torch;

namespace EdgeSound.Trainer.Training;

/// <summary>
/// Knowledge distillation (Hinton et al. 2015): a student learns from a larger teacher's outputs on
/// the same augmented window as well as from the window's labels. <see cref="Weight"/> shares the
/// loss between the two; <see cref="Temperature"/> softens both distributions so the teacher's
/// second and third guesses (a helicopter that sounds a little like rain) teach too.
/// </summary>
public sealed record Distillation(double Weight, double Temperature)
{
    /// <summary>The settings fixed before the first distillation run (2026-11-25), not tuned on any score.</summary>
    public static Distillation Default { get; } = new(0.5, 2);

    public void Validate()
    {
        if (!(Weight > 0 && Weight <= 1)) throw new ArgumentException($"distillation weight must be in (0, 1] (got {Weight}).");
        if (!(Temperature > 0) || double.IsInfinity(Temperature)) throw new ArgumentException($"distillation temperature must be a finite number > 0 (got {Temperature}).");
    }

    /// <summary>Cross-entropy of the logits against soft targets [B, C] (mixed windows have two labels).</summary>
    public static Tensor SoftTargetCrossEntropy(Tensor logits, Tensor targets) =>
        -(targets * nn.functional.log_softmax(logits, 1)).sum(1).mean();

    /// <summary>
    /// (1 - w) x cross-entropy with the targets + w x T^2 x KL(teacher_T || student_T); the T^2 keeps the
    /// soft term's gradients the size of the hard term's whatever the temperature.
    /// </summary>
    public Tensor Loss(Tensor studentLogits, Tensor teacherLogits, Tensor targets)
    {
        var teacher = nn.functional.log_softmax(teacherLogits.detach() / Temperature, 1);
        var student = nn.functional.log_softmax(studentLogits / Temperature, 1);
        var divergence = (teacher.exp() * (teacher - student)).sum(1).mean();
        return (1 - Weight) * SoftTargetCrossEntropy(studentLogits, targets) + Weight * Temperature * Temperature * divergence;
    }
}
