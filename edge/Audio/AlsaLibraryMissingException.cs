namespace EdgeSound.Edge.Audio;

/// <summary>libasound.so.2 cannot be loaded, so no ALSA device can be listed or opened.</summary>
public sealed class AlsaLibraryMissingException : AudioDeviceException
{
    /// <summary>Creates the exception with the message that says which package to install.</summary>
    public AlsaLibraryMissingException()
        : base("(any)", 0, $"{AlsaInterop.Library} not found: apt-get install libasound2")
    {
    }
}
