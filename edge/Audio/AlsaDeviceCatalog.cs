using System.Runtime.InteropServices;

namespace EdgeSound.Edge.Audio;

/// <summary>One ALSA PCM that can capture: the name to pass as a device and ALSA's description.</summary>
/// <param name="Name">Device name, e.g. "default" or "sysdefault:CARD=Device".</param>
/// <param name="Description">ALSA's human description (may span lines), or "" when it has none.</param>
public sealed record AlsaDeviceInfo(string Name, string Description);

/// <summary>Lists the PCMs ALSA can capture from, through its device-name hint API (what <c>arecord -L</c> shows).</summary>
public static class AlsaDeviceCatalog
{
    // "null" records silence and exists everywhere; listing it would suggest a microphone is present.
    private const string SilenceDevice = "null";

    /// <summary>The capture-capable PCMs of the system's ALSA configuration, without the "null" device.</summary>
    /// <exception cref="AlsaLibraryMissingException">libasound.so.2 is not installed.</exception>
    public static IReadOnlyList<AlsaDeviceInfo> CaptureDevices()
    {
        AlsaInterop.ThrowIfMissing();
        var devices = new List<AlsaDeviceInfo>();
        if (AlsaInterop.snd_device_name_hint(-1, "pcm", out var hints) < 0 || hints == 0) return devices;
        try
        {
            for (nint slot = hints; Marshal.ReadIntPtr(slot) is var hint && hint != 0; slot += nint.Size)
            {
                string? name = TakeHint(hint, "NAME");
                string? direction = TakeHint(hint, "IOID"); // null: both directions
                string description = TakeHint(hint, "DESC") ?? "";
                if (name is null || name == SilenceDevice || direction == "Output") continue;
                devices.Add(new AlsaDeviceInfo(name, description));
            }
        }
        finally
        {
            AlsaInterop.snd_device_name_free_hint(hints);
        }
        return devices;
    }

    /// <summary>"Capture devices here: a, b" or "Capture devices here: none: is a microphone plugged in?"</summary>
    internal static string DescribeCaptureDevices(IReadOnlyList<string> names) =>
        names.Count == 0
            ? "Capture devices here: none: is a microphone plugged in?"
            : $"Capture devices here: {string.Join(", ", names)}.";

    // get_hint returns a malloc'ed copy the caller frees (NativeMemory.Free is libc free on Linux).
    private static unsafe string? TakeHint(nint hint, string id)
    {
        nint text = AlsaInterop.snd_device_name_get_hint(hint, id);
        if (text == 0) return null;
        try
        {
            return Marshal.PtrToStringUTF8(text);
        }
        finally
        {
            NativeMemory.Free((void*)text);
        }
    }
}
