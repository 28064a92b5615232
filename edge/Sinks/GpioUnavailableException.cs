namespace EdgeSound.Edge.Sinks;

/// <summary>The machine has no usable GPIO chip (or libgpiod, or permission), or a pin is busy or not permitted; the message says what to do.</summary>
public sealed class GpioUnavailableException(string message, Exception inner) : Exception(message, inner);
