namespace EdgeSound.Edge.Audio;

/// <summary>
/// A capture device cannot be opened or used: the message names the device, gives ALSA's reason and
/// says what exists or what to do.
/// </summary>
public class AudioDeviceException : IOException
{
    /// <summary>Creates the exception for <paramref name="device"/> with a complete, user-facing message.</summary>
    public AudioDeviceException(string device, int alsaError, string message) : base(message)
    {
        Device = device;
        AlsaError = alsaError;
    }

    /// <summary>The ALSA device name ("default", "hw:1,0", ...) the problem is about.</summary>
    public string Device { get; }

    /// <summary>ALSA's negative error code (-errno), or 0 when the problem is not an ALSA error.</summary>
    public int AlsaError { get; }
}
