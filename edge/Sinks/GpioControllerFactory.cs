using System.Device.Gpio;
using Microsoft.Extensions.Logging;

namespace EdgeSound.Edge.Sinks;

/// <summary>Opens the machine's GPIO controller for the <see cref="GpioSink"/>.</summary>
public static class GpioControllerFactory
{
    /// <summary>
    /// Opens the default controller (libgpiod on a Raspberry Pi).
    /// </summary>
    /// <exception cref="GpioUnavailableException">
    /// No GPIO chip, libgpiod missing, or no permission: the message names the cause and the fix.
    /// </exception>
    public static GpioController Open() => Open(static () => new GpioController());

    /// <summary>
    /// Opens the default controller and a <see cref="GpioSink"/> on it: a chip or a pin that cannot be
    /// used is one <see cref="GpioUnavailableException"/>, and the controller is released with it.
    /// </summary>
    /// <exception cref="GpioUnavailableException">No usable chip, or a pin busy or not permitted; the message names it.</exception>
    public static GpioSink OpenSink(GpioSinkSettings settings, ILogger? logger = null) =>
        OpenSink(static () => new GpioController(), settings, time: null, logger);

    /// <summary><see cref="OpenSink(GpioSinkSettings, ILogger?)"/> with the controller from <paramref name="create"/> (the seam for tests).</summary>
    internal static GpioSink OpenSink(Func<GpioController> create, GpioSinkSettings settings, TimeProvider? time, ILogger? logger)
    {
        var controller = Open(create);
        try
        {
            return new GpioSink(controller, settings, time, ownsController: true, logger);
        }
        catch
        {
            // The sink never existed to own it: without this, the chip's file handle would stay open.
            controller.Dispose();
            throw;
        }
    }

    /// <summary>Opens a controller with <paramref name="create"/>, translating its failures (the seam for tests).</summary>
    internal static GpioController Open(Func<GpioController> create)
    {
        try
        {
            return create();
        }
        // What System.Device.Gpio throws without a chip: GpiodException wrapping DllNotFoundException
        // (no libgpiod), IOException "Unable to find a chip", or PlatformNotSupportedException.
        catch (Exception e) when (e is System.Device.Gpio.Drivers.GpiodException or DllNotFoundException or IOException
                                      or PlatformNotSupportedException or UnauthorizedAccessException)
        {
            throw new GpioUnavailableException(
                "No usable GPIO chip on this machine (" + Describe(e) + "). On a Raspberry Pi: install libgpiod " +
                "(apt-get install libgpiod2, or libgpiod3 on newer releases), check that /dev/gpiochip0 exists and that " +
                "this user is in the 'gpio' group. On a machine without GPIO, remove the GPIO sink from the configuration.", e);
        }
    }

    /// <summary>The innermost cause of a GPIO failure, as "Type: first line".</summary>
    internal static string Describe(Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        // The DllNotFoundException message lists every probed path; its first line is enough.
        string first = innermost.Message.Split('\n', 2)[0].Trim().TrimEnd(':');
        return $"{innermost.GetType().Name}: {first}";
    }
}
