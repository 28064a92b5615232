using System.Device.Gpio;

namespace EdgeSound.Edge.Tests.Sinks;

/// <summary>A GPIO driver without hardware that records every pin write with the clock's time.</summary>
internal sealed class RecordingGpioDriver(TimeProvider time) : GpioDriver
{
    private readonly Dictionary<int, PinMode> _modes = [];
    private readonly Dictionary<int, PinValue> _values = [];

    public sealed record PinWrite(DateTimeOffset Time, int Pin, PinValue Value);

    public List<PinWrite> Writes { get; } = [];
    public List<int> Closed { get; } = [];
    public bool Disposed { get; private set; }

    /// <summary>Pins whose opening fails as libgpiod's does for a line another program holds.</summary>
    public HashSet<int> BusyPins { get; } = [];

    /// <summary>While true, every write fails (a chip that went away).</summary>
    public bool FailWrites { get; set; }

    /// <summary>The writes to <paramref name="pin"/> as (milliseconds since <paramref name="start"/>, high?).</summary>
    public IEnumerable<(double Milliseconds, bool High)> WritesTo(int pin, DateTimeOffset start) =>
        Writes.Where(w => w.Pin == pin).Select(w => ((w.Time - start).TotalMilliseconds, w.Value == PinValue.High));

    protected override int PinCount => 28;
    protected override void OpenPin(int pinNumber)
    {
        if (BusyPins.Contains(pinNumber)) throw new IOException($"Error 16 initializing pin {pinNumber}: Device or resource busy");
        _modes[pinNumber] = PinMode.Input;
    }
    protected override void ClosePin(int pinNumber) { Closed.Add(pinNumber); _modes.Remove(pinNumber); }
    protected override void SetPinMode(int pinNumber, PinMode mode) => _modes[pinNumber] = mode;
    protected override PinMode GetPinMode(int pinNumber) => _modes[pinNumber];
    protected override bool IsPinModeSupported(int pinNumber, PinMode mode) => true;
    protected override PinValue Read(int pinNumber) => _values.GetValueOrDefault(pinNumber, PinValue.Low);

    protected override void Write(int pinNumber, PinValue value)
    {
        if (FailWrites) throw new IOException($"Error 19 writing pin {pinNumber}: No such device");
        _values[pinNumber] = value;
        Writes.Add(new PinWrite(time.GetUtcNow(), pinNumber, value));
    }

    protected override WaitForEventResult WaitForEvent(int pinNumber, PinEventTypes eventTypes, CancellationToken cancellationToken) =>
        throw new NotSupportedException("The sinks only write pins.");
    protected override void AddCallbackForPinValueChangedEvent(int pinNumber, PinEventTypes eventTypes, PinChangeEventHandler callback) =>
        throw new NotSupportedException("The sinks only write pins.");
    protected override void RemoveCallbackForPinValueChangedEvent(int pinNumber, PinChangeEventHandler callback) =>
        throw new NotSupportedException("The sinks only write pins.");

    protected override void Dispose(bool disposing)
    {
        Disposed = true;
        base.Dispose(disposing);
    }
}
