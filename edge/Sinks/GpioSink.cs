using System.Device.Gpio;
using EdgeSound.Shared.Smoothing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeSound.Edge.Sinks;

/// <summary>
/// Switches output pins (a LED, a buzzer, a relay) on when chosen labels are detected and off again
/// <see cref="GpioPinRule.HoldMilliseconds"/> after the last such detection: a new detection while
/// a pin is on extends it. Pins start inactive and are driven inactive and closed on
/// <see cref="Dispose"/>. Time comes from a <see cref="TimeProvider"/> (the system clock in the app,
/// a manual clock in tests); the switch-off runs on that provider's timer.
/// </summary>
public sealed class GpioSink : IDetectionSink
{
    private readonly GpioController _controller;
    private readonly bool _ownsController;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly PinState[] _pins;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <param name="controller">The controller (see <see cref="GpioControllerFactory.Open()"/>; in tests one over a recording driver).</param>
    /// <param name="settings">Which pins, which labels, how long.</param>
    /// <param name="time">Clock and timers; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="ownsController">Dispose the controller with the sink (default true).</param>
    /// <param name="logger">Where a failed switch-off goes (it runs on a timer, where nobody could catch it).</param>
    /// <exception cref="GpioUnavailableException">A pin cannot be opened (busy, not permitted); the message names it.</exception>
    public GpioSink(GpioController controller, GpioSinkSettings settings, TimeProvider? time = null, bool ownsController = true, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(controller);
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _controller = controller;
        _ownsController = ownsController;
        _time = time ?? TimeProvider.System;
        _logger = logger ?? NullLogger.Instance;
        _pins = settings.Pins.Select(rule => new PinState(rule)).ToArray();
        int opened = 0;
        try
        {
            foreach (var pin in _pins)
            {
                OpenInactive(pin);
                opened++;
                _controller.Write(pin.Rule.Pin, pin.Inactive);
                pin.Timer = _time.CreateTimer(static s => ((Callback)s!).Run(), new Callback(this, pin), Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
        catch
        {
            // Leave no pin half-configured behind a sink that never existed.
            foreach (var pin in _pins.Take(opened))
            {
                pin.Timer?.Dispose();
                _controller.ClosePin(pin.Rule.Pin);
            }
            throw;
        }
    }

    private void OpenInactive(PinState pin)
    {
        try
        {
            // Open straight into the inactive level, so an active-low relay never clicks at start-up.
            _controller.OpenPin(pin.Rule.Pin, PinMode.Output, pin.Inactive);
        }
        // What the drivers throw for a line held by another program or overlay, or a device node this user may not open.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or System.Device.Gpio.Drivers.GpiodException)
        {
            throw new GpioUnavailableException(
                $"GPIO pin {pin.Rule.Pin} (BCM numbering) cannot be opened as an output ({GpioControllerFactory.Describe(e)}). " +
                "Another program or a device-tree overlay may hold it (see 'gpioinfo'), or this user may not use it (the 'gpio' group): " +
                "free the pin or choose another one in the GPIO settings.", e);
        }
    }

    /// <summary>True while <paramref name="pin"/> is driven to its active level.</summary>
    public bool IsOn(int pin)
    {
        lock (_gate) return _pins.First(p => p.Rule.Pin == pin).IsOn;
    }

    /// <inheritdoc />
    public void OnDetection(Detection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            var now = _time.GetUtcNow();
            foreach (var pin in _pins)
            {
                if (!pin.Matches(detection.Label)) continue;
                var hold = TimeSpan.FromMilliseconds(pin.Rule.HoldMilliseconds);
                pin.OffAt = now + hold;
                if (!pin.IsOn)
                {
                    _controller.Write(pin.Rule.Pin, pin.Active);
                    pin.IsOn = true;
                }
                pin.Timer!.Change(hold, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void SwitchOffIfDue(PinState pin)
    {
        lock (_gate)
        {
            if (_disposed || !pin.IsOn) return;
            var remaining = pin.OffAt - _time.GetUtcNow();
            // A detection may have extended the hold after this timer fired but before it got the lock.
            if (remaining > TimeSpan.Zero)
            {
                pin.Timer!.Change(remaining, Timeout.InfiniteTimeSpan);
                return;
            }
            try
            {
                _controller.Write(pin.Rule.Pin, pin.Inactive);
                pin.IsOn = false;
            }
            catch (Exception e)
            {
                // Thrown on a timer thread this would end the process; the detector must keep listening.
                // The pin stays marked on and the switch-off is tried again after another hold.
                var retry = TimeSpan.FromMilliseconds(pin.Rule.HoldMilliseconds);
                _logger.LogError("Switching GPIO pin {Pin} off failed ({Message}); trying again in {Retry} ms.", pin.Rule.Pin, e.Message, retry.TotalMilliseconds);
                pin.Timer!.Change(retry, Timeout.InfiniteTimeSpan);
            }
        }
    }

    /// <summary>Drives every pin inactive, closes it, and disposes the controller if owned.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            foreach (var pin in _pins)
            {
                pin.Timer?.Dispose();
                _controller.Write(pin.Rule.Pin, pin.Inactive);
                pin.IsOn = false;
                _controller.ClosePin(pin.Rule.Pin);
            }
            if (_ownsController) _controller.Dispose();
        }
    }

    private sealed class PinState(GpioPinRule rule)
    {
        private readonly HashSet<string> _labels = new(rule.Labels, StringComparer.OrdinalIgnoreCase);
        public GpioPinRule Rule { get; } = rule;
        public PinValue Active { get; } = rule.ActiveHigh ? PinValue.High : PinValue.Low;
        public PinValue Inactive { get; } = rule.ActiveHigh ? PinValue.Low : PinValue.High;
        public ITimer? Timer { get; set; }
        public DateTimeOffset OffAt { get; set; }
        public bool IsOn { get; set; }
        public bool Matches(string label) => _labels.Contains(label);
    }

    // The timer state: which sink, which pin (a static lambda plus this object avoids a closure per pin).
    private sealed class Callback(GpioSink sink, PinState pin)
    {
        public void Run() => sink.SwitchOffIfDue(pin);
    }
}
