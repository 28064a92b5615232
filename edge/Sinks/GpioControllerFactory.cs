using System.Device.Gpio;

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

    private static string Describe(Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is not null) innermost = innermost.InnerException;
        // The DllNotFoundException message lists every probed path; its first line is enough.
        string first = innermost.Message.Split('\n', 2)[0].Trim().TrimEnd(':');
        return $"{innermost.GetType().Name}: {first}";
    }
}
