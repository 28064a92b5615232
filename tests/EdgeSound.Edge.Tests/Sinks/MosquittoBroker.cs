using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using EdgeSound.Shared.Tests.Support;

namespace EdgeSound.Edge.Tests.Sinks;

/// <summary>
/// A real mosquitto on a free loopback port with a generated config and its own persistence folder
/// (so a restart keeps persistent sessions, like a real broker). Killed on Dispose.
/// </summary>
internal sealed class MosquittoBroker : IDisposable
{
    public const string Program = "/usr/sbin/mosquitto";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-mosquitto-");
    private Process? _process;

    private MosquittoBroker(int port)
    {
        Port = port;
        File.WriteAllText(ConfigPath, string.Join('\n',
            $"listener {port} 127.0.0.1",
            "allow_anonymous true",
            "persistence true",
            $"persistence_location {_folder.FullName}/",
            // Tests may run as root; mosquitto would otherwise switch to a user that cannot write the folder.
            "user root",
            "log_dest stderr",
            ""));
    }

    public int Port { get; }

    private string ConfigPath => Path.Combine(_folder.FullName, "mosquitto.conf");

    /// <summary>Skips the test when mosquitto is not installed, else starts it and waits until it accepts connections.</summary>
    public static MosquittoBroker Start()
    {
        ExternalTools.RequireProgram(Program, "mosquitto");
        var broker = new MosquittoBroker(FreeLoopbackPort());
        try
        {
            broker.Resume();
            return broker;
        }
        catch
        {
            broker.Dispose(); // the temp folder (Launch has already stopped the broker)
            throw;
        }
    }

    public static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts (again) on the same port and persistence folder.</summary>
    public void Resume() => _process = Launch(ConfigPath, Port);

    /// <summary>
    /// Starts mosquitto with <paramref name="configPath"/> and waits until every port accepts
    /// connections; if it does not get there, the broker is stopped before the error is thrown.
    /// </summary>
    public static Process Launch(string configPath, params int[] ports)
    {
        var start = new ProcessStartInfo(Program) { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(configPath);
        var process = System.Diagnostics.Process.Start(start)!;
        try
        {
            // Drain the logs so a chatty broker never blocks on a full pipe.
            process.ErrorDataReceived += (_, _) => { };
            process.OutputDataReceived += (_, _) => { };
            process.BeginErrorReadLine();
            process.BeginOutputReadLine();
            var deadline = DateTime.UtcNow.AddSeconds(10);
            foreach (var port in ports) WaitUntilAccepting(process, configPath, port, deadline);
            return process;
        }
        catch
        {
            ChildProcesses.KillTree(process);
            process.Dispose();
            throw;
        }
    }

    private static void WaitUntilAccepting(Process process, string configPath, int port, DateTime deadline)
    {
        while (true)
        {
            if (process.HasExited) throw new InvalidOperationException($"mosquitto exited at start (code {process.ExitCode}); config {configPath}.");
            try
            {
                using var probe = new TcpClient();
                probe.Connect(IPAddress.Loopback, port);
                return;
            }
            catch (SocketException e)
            {
                if (DateTime.UtcNow >= deadline)
                    throw new TimeoutException($"mosquitto (config {configPath}) did not accept connections on 127.0.0.1:{port} within 10 s.", e);
                Thread.Sleep(20);
            }
        }
    }

    /// <summary>Stops the broker the way systemd does (SIGTERM), so it saves its persistent sessions.</summary>
    public void Stop()
    {
        if (_process is null || _process.HasExited) return;
        ChildProcesses.Terminate(_process);
        if (!_process.WaitForExit(10_000)) ChildProcesses.KillTree(_process);
        _process.WaitForExit();
    }

    public void Dispose()
    {
        if (_process is not null)
        {
            ChildProcesses.KillTree(_process);
            _process.Dispose();
        }
        _folder.Delete(recursive: true);
    }
}
