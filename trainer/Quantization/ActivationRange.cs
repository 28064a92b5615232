namespace EdgeSound.Trainer.Quantization;

/// <summary>The real-valued interval an activation tensor is quantised over.</summary>
public readonly record struct ActivationRange(float Min, float Max)
{
    /// <summary>Max - Min.</summary>
    public float Width => Max - Min;
}
