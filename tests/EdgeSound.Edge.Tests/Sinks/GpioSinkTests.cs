using System.Device.Gpio;
using EdgeSound.Edge.Pipeline;
using EdgeSound.Edge.Sinks;
using EdgeSound.Shared.Smoothing;
using Xunit;

namespace EdgeSound.Edge.Tests.Sinks;

public sealed class GpioSinkTests
{
    private readonly ManualTimeProvider _clock = new();
    private readonly RecordingGpioDriver _driver;
    private readonly DateTimeOffset _start;

    public GpioSinkTests()
    {
        _driver = new RecordingGpioDriver(_clock);
        _start = _clock.GetUtcNow();
    }

    private GpioSink Sink(params GpioPinRule[] rules) =>
        new(new GpioController(_driver), new GpioSinkSettings(rules), _clock);

    private Detection Heard(string label) => SampleDetections.Dog with { Label = label, Time = _clock.GetUtcNow() };

    private void Wait(int milliseconds) => _clock.Advance(TimeSpan.FromMilliseconds(milliseconds));

    [Fact]
    public void A_pin_goes_on_at_the_detection_and_off_when_the_hold_ends()
    {
        using var sink = Sink(new GpioPinRule(17, ["dog"], HoldMilliseconds: 2000));
        Wait(100);

        sink.OnDetection(Heard("dog"));
        Wait(1999);
        Assert.True(sink.IsOn(17));
        Wait(1);

        Assert.False(sink.IsOn(17));
        // Opened inactive (low) at 0, on at 100 ms, off exactly 2000 ms later.
        var writes = _driver.WritesTo(17, _start).ToList();
        Assert.All(writes.Where(w => w.Milliseconds == 0), w => Assert.False(w.High));
        Assert.Equal([(100, true), (2100, false)], writes.Where(w => w.Milliseconds > 0));
    }

    [Fact]
    public void A_detection_while_the_pin_is_on_extends_the_hold()
    {
        using var sink = Sink(new GpioPinRule(17, ["dog"], HoldMilliseconds: 2000));
        sink.OnDetection(Heard("dog"));
        Wait(1500);
        sink.OnDetection(Heard("dog"));

        Wait(1500);
        Assert.True(sink.IsOn(17));
        Wait(500);

        var switching = _driver.WritesTo(17, _start).Where(w => w.Milliseconds > 0 || w.High).ToList();
        // One switch on, no re-write when extended, one switch off at 1500 + 2000 ms.
        Assert.Equal([(0, true), (3500, false)], switching);
    }

    [Fact]
    public void Only_the_chosen_labels_switch_a_pin_and_active_low_pins_go_low()
    {
        using var sink = Sink(
            new GpioPinRule(17, ["dog"]),
            new GpioPinRule(27, ["rain", "Crackling_Fire"], HoldMilliseconds: 500, ActiveHigh: false));
        int writesAfterOpening = _driver.Writes.Count;
        Assert.All(_driver.Writes, w => Assert.Equal(w.Pin == 27 ? PinValue.High : PinValue.Low, w.Value));

        Wait(10);
        sink.OnDetection(Heard("cat"));
        Assert.Equal(writesAfterOpening, _driver.Writes.Count);

        sink.OnDetection(Heard("crackling_fire"));
        Wait(500);

        var written = _driver.Writes.Skip(writesAfterOpening).Select(w => (w.Pin, w.Value == PinValue.High, (w.Time - _start).TotalMilliseconds));
        Assert.Equal([(27, false, 10.0), (27, true, 510.0)], written);
        Assert.False(sink.IsOn(17));
    }

    [Fact]
    public void Dispose_drives_an_active_pin_inactive_closes_it_and_releases_the_controller()
    {
        var sink = Sink(new GpioPinRule(22, ["siren"], HoldMilliseconds: 60_000, ActiveHigh: false));
        sink.OnDetection(Heard("siren"));
        Wait(10);

        sink.Dispose();

        Assert.Equal(new RecordingGpioDriver.PinWrite(_start.AddMilliseconds(10), 22, PinValue.High), _driver.Writes[^1]);
        Assert.Contains(22, _driver.Closed);
        Assert.True(_driver.Disposed);
        // The hold timer died with the sink: no write after the end.
        int count = _driver.Writes.Count;
        Wait(120_000);
        Assert.Equal(count, _driver.Writes.Count);
    }

    [Fact]
    public void Two_rules_for_one_pin_are_refused_naming_the_pin()
    {
        var error = Assert.Throws<ArgumentException>(() => Sink(new GpioPinRule(5, ["dog"]), new GpioPinRule(5, ["cat"])));
        Assert.Contains("GPIO pin 5", error.Message);
    }

    [Fact]
    public void A_busy_pin_is_a_gpio_error_naming_it_and_the_controller_is_released()
    {
        _driver.BusyPins.Add(27);
        var settings = new GpioSinkSettings([new GpioPinRule(17, ["dog"]), new GpioPinRule(27, ["siren"])]);

        var error = Assert.Throws<GpioUnavailableException>(() =>
            GpioControllerFactory.OpenSink(() => new GpioController(_driver), settings, _clock, logger: null));

        Assert.Contains("GPIO pin 27", error.Message);
        Assert.Contains("busy", error.Message);
        Assert.IsType<IOException>(error.InnerException);
        Assert.Contains(17, _driver.Closed); // the pin opened before it is let go
        Assert.True(_driver.Disposed);
    }

    [Fact]
    public void A_failed_switch_off_on_the_timer_is_logged_and_retried_without_ending_the_process()
    {
        var log = new ListLogger();
        using var sink = new GpioSink(new GpioController(_driver), new GpioSinkSettings([new GpioPinRule(17, ["dog"], HoldMilliseconds: 1000)]), _clock,
            logger: log);
        sink.OnDetection(Heard("dog"));
        _driver.FailWrites = true;

        Wait(1000); // the timer fires and the write throws: it must not escape the callback

        Assert.True(sink.IsOn(17));
        var (level, message) = Assert.Single(log.Lines);
        Assert.Equal(Microsoft.Extensions.Logging.LogLevel.Error, level);
        Assert.Contains("GPIO pin 17", message);
        _driver.FailWrites = false;
        Wait(1000);
        Assert.False(sink.IsOn(17));
        Assert.Equal((2000, false), _driver.WritesTo(17, _start).Last());
    }

    public static TheoryData<Exception> MissingChipFailures => new()
    {
        new DllNotFoundException("Unable to load shared library 'libgpiod.so.3' or one of its dependencies.\n/usr/lib/libgpiod.so.3: cannot open"),
        new System.Device.Gpio.Drivers.GpiodException("Exception while calling libgpiod", new DllNotFoundException("Unable to load shared library 'libgpiod.so.3'")),
        new IOException("Unable to find a chip"),
    };

    [Theory]
    [MemberData(nameof(MissingChipFailures))]
    public void A_missing_gpio_chip_gives_a_message_that_says_what_to_do(Exception failure)
    {
        var error = Assert.Throws<GpioUnavailableException>(() => GpioControllerFactory.Open(() => throw failure));

        Assert.Same(failure, error.InnerException);
        Assert.Contains("No usable GPIO chip", error.Message);
        Assert.Contains("libgpiod", error.Message);
        Assert.Contains("/dev/gpiochip0", error.Message);
        Assert.Contains("remove the GPIO sink", error.Message);
        Assert.DoesNotContain("\n", error.Message);
    }

    [SkippableFact]
    public void On_a_machine_without_gpio_the_real_factory_throws_the_clear_message()
    {
        Skip.If(Directory.GetFiles("/dev", "gpiochip*").Length > 0, "This machine has a GPIO chip.");

        var error = Assert.Throws<GpioUnavailableException>(() => GpioControllerFactory.Open());

        Assert.Contains("No usable GPIO chip", error.Message);
    }
}
