namespace EdgeSound.Edge.Sinks;

/// <summary>One output pin and the labels that switch it on.</summary>
/// <param name="Pin">The pin number in the controller's numbering scheme (BCM/logical numbering on a Raspberry Pi, e.g. 17 for header pin 11).</param>
/// <param name="Labels">Detections with one of these labels (case-insensitive) switch the pin on.</param>
/// <param name="HoldMilliseconds">How long the pin stays on after the last matching detection (default 2000 ms).</param>
/// <param name="ActiveHigh">True (default) drives the pin high when on; false drives it low when on (for active-low relay boards).</param>
public sealed record GpioPinRule(int Pin, IReadOnlyList<string> Labels, int HoldMilliseconds = GpioPinRule.DefaultHoldMilliseconds, bool ActiveHigh = true)
{
    /// <summary>Default <see cref="HoldMilliseconds"/>: 2 s, long enough to see an LED.</summary>
    public const int DefaultHoldMilliseconds = 2000;
}

/// <summary>The pins the GPIO sink drives.</summary>
/// <param name="Pins">One rule per pin; a pin may appear only once.</param>
public sealed record GpioSinkSettings(IReadOnlyList<GpioPinRule> Pins)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the pin whose rule is wrong.</summary>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Pins);
        if (Pins.Count == 0) throw new ArgumentException("The GPIO sink needs at least one pin rule.", nameof(Pins));
        var seen = new HashSet<int>();
        foreach (var rule in Pins)
        {
            if (rule.Pin < 0) throw new ArgumentException($"GPIO pin {rule.Pin}: pin numbers are 0 or more.", nameof(Pins));
            if (!seen.Add(rule.Pin)) throw new ArgumentException($"GPIO pin {rule.Pin} has two rules; give it one rule with all its labels.", nameof(Pins));
            if (rule.Labels is null || rule.Labels.Count == 0 || rule.Labels.Any(string.IsNullOrWhiteSpace))
                throw new ArgumentException($"GPIO pin {rule.Pin}: list the labels that switch it on (non-empty names).", nameof(Pins));
            if (rule.HoldMilliseconds <= 0)
                throw new ArgumentException($"GPIO pin {rule.Pin}: HoldMilliseconds must be positive, got {rule.HoldMilliseconds}.", nameof(Pins));
        }
    }
}
