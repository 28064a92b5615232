using System.CommandLine;
using EdgeSound.Edge.Audio;

namespace EdgeSound.Edge.Commands;

/// <summary>
/// <c>edgesound devices</c>: the ALSA capture devices to pass as <c>--device</c>, with ALSA's
/// descriptions. Exit 0 when there is at least one; 1 when there is none or libasound is missing.
/// </summary>
public static class DevicesCommand
{
    public static Command Create()
    {
        var command = new Command("devices", "List the ALSA capture devices (microphones) this machine has.");
        command.SetAction(_ => Run(AlsaDeviceCatalog.CaptureDevices, Console.Out, Console.Error));
        return command;
    }

    /// <summary>Prints the devices <paramref name="listDevices"/> returns, or why there are none.</summary>
    public static int Run(Func<IReadOnlyList<AlsaDeviceInfo>> listDevices, TextWriter output, TextWriter error)
    {
        IReadOnlyList<AlsaDeviceInfo> devices;
        try
        {
            devices = listDevices();
        }
        catch (AlsaLibraryMissingException e)
        {
            error.WriteLine($"error: {e.Message}");
            return 1;
        }

        if (devices.Count == 0)
        {
            error.WriteLine("No ALSA capture devices found ('null', which records silence, does not count): is a microphone plugged in? " +
                            "Check 'arecord -l' and that this user is in the 'audio' group.");
            return 1;
        }

        output.WriteLine($"{devices.Count} ALSA capture device(s); pass the first column as the device name:");
        foreach (var device in devices)
        {
            output.WriteLine(device.Name);
            foreach (var line in device.Description.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
                output.WriteLine($"    {line}");
        }
        return 0;
    }
}
