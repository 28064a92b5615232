namespace EdgeSound.Trainer.Models;

/// <summary>Trainable and non-trainable element counts of a model.</summary>
/// <param name="Trainable">Elements of parameters with requires_grad.</param>
/// <param name="NonTrainable">Elements of frozen parameters and of state buffers (BatchNorm running mean/var).</param>
public readonly record struct ParameterCount(long Trainable, long NonTrainable)
{
    /// <summary>Both together.</summary>
    public long Total => Trainable + NonTrainable;
}
