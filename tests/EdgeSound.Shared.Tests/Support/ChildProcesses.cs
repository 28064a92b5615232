using System.Diagnostics;
using System.Globalization;

namespace EdgeSound.Shared.Tests.Support;

/// <summary>
/// How tests stop the programs they start: politely with SIGTERM (as systemd does) or, when a test
/// fails or times out, by killing the whole process tree so nothing keeps running after it. The one
/// place tests send signals.
/// </summary>
internal static class ChildProcesses
{
    /// <summary>Sends signals; on Debian 12 it comes with procps (not an essential package: CI installs it).</summary>
    public const string KillProgram = "/bin/kill";

    /// <summary>Sends SIGTERM to <paramref name="process"/>; does not wait for it to exit.</summary>
    /// <exception cref="InvalidOperationException"><see cref="KillProgram"/> is missing or failed on a process still running.</exception>
    public static void Terminate(Process process)
    {
        if (!File.Exists(KillProgram))
            throw new InvalidOperationException($"{KillProgram} is not installed (apt-get install procps); tests send SIGTERM with it.");
        int pid = process.Id;
        int code = ExternalTools.Run(KillProgram, ["-TERM", pid.ToString(CultureInfo.InvariantCulture)], out var output);
        // A process that ended just before the signal is not a failure to stop it.
        if (code != 0 && !process.HasExited)
            throw new InvalidOperationException($"{KillProgram} -TERM {pid} failed with exit code {code}: {output.Trim()}");
    }

    /// <summary>Kills <paramref name="process"/> and its descendants if it still runs, and waits (bounded) for it to go.</summary>
    public static void KillTree(Process process)
    {
        try
        {
            if (process.HasExited) return;
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            return; // it ended (or was never started) meanwhile
        }
        process.WaitForExit(TimeSpan.FromSeconds(10));
    }
}
