namespace EdgeSound.Edge.Commands;

/// <summary>What <c>edgesound</c> exits with, for scripts and systemd.</summary>
public static class ExitCodes
{
    /// <summary>Done, or stopped on request (Ctrl+C, SIGTERM).</summary>
    public const int Success = 0;

    /// <summary>Listening failed after it had started (a device that could not be recovered), or nothing was found (<c>devices</c>).</summary>
    public const int Failure = 1;

    /// <summary>Bad input: a model, WAV, settings file or option that cannot be used; the message names it.</summary>
    public const int BadInput = 2;

    /// <summary>The audio device or GPIO chip is absent, busy or not permitted.</summary>
    public const int DeviceUnavailable = 3;
}
