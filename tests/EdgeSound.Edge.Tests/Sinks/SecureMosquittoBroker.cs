using System.Diagnostics;
using EdgeSound.Shared.Tests.Support;

namespace EdgeSound.Edge.Tests.Sinks;

/// <summary>
/// A real mosquitto with two loopback listeners: TLS with a server certificate from a private CA
/// made here with openssl, and a user/password file (for the sink); and a plain anonymous one (for
/// the test's subscriber). Killed on Dispose.
/// </summary>
internal sealed class SecureMosquittoBroker : IDisposable
{
    public const string User = "edgesound";
    public const string Password = "correct horse battery staple";
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-mosquitto-tls-");
    private readonly Process _process;

    private SecureMosquittoBroker()
    {
        try
        {
            string F(string name) => Path.Combine(_folder.FullName, name);
            Openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", F("ca.key"), "-out", F("ca.crt"), "-days", "2", "-subj", "/CN=EdgeSound test CA");
            Openssl("req", "-newkey", "rsa:2048", "-nodes", "-keyout", F("server.key"), "-out", F("server.csr"), "-subj", "/CN=127.0.0.1");
            File.WriteAllText(F("server.ext"), "subjectAltName=IP:127.0.0.1\n");
            Openssl("x509", "-req", "-in", F("server.csr"), "-CA", F("ca.crt"), "-CAkey", F("ca.key"), "-CAcreateserial",
                "-out", F("server.crt"), "-days", "2", "-extfile", F("server.ext"));
            Run("/usr/bin/mosquitto_passwd", "-c", "-b", F("passwd"), User, Password);

            TlsPort = MosquittoBroker.FreeLoopbackPort();
            PlainPort = MosquittoBroker.FreeLoopbackPort();
            File.WriteAllText(F("mosquitto.conf"), string.Join('\n',
                "per_listener_settings true",
                $"listener {PlainPort} 127.0.0.1",
                "allow_anonymous true",
                $"listener {TlsPort} 127.0.0.1",
                $"cafile {F("ca.crt")}",
                $"certfile {F("server.crt")}",
                $"keyfile {F("server.key")}",
                "allow_anonymous false",
                $"password_file {F("passwd")}",
                "user root",
                "log_dest stderr",
                ""));
            _process = MosquittoBroker.Launch(F("mosquitto.conf"), PlainPort, TlsPort);
        }
        catch
        {
            _folder.Delete(recursive: true); // the CA, keys and config; Launch has stopped a broker that did not come up
            throw;
        }
    }

    /// <summary>The TLS listener (password required).</summary>
    public int TlsPort { get; }

    /// <summary>The plain anonymous listener.</summary>
    public int PlainPort { get; }

    /// <summary>The private CA's certificate (PEM).</summary>
    public string CaFile => Path.Combine(_folder.FullName, "ca.crt");

    public static SecureMosquittoBroker Start()
    {
        ExternalTools.RequireProgram(MosquittoBroker.Program, "mosquitto");
        ExternalTools.RequireProgram("/usr/bin/mosquitto_passwd", "mosquitto");
        ExternalTools.RequireProgram("/usr/bin/openssl", "openssl");
        return new SecureMosquittoBroker();
    }

    private static void Openssl(params string[] arguments) => Run("/usr/bin/openssl", arguments);

    private static void Run(string program, params string[] arguments)
    {
        if (ExternalTools.Run(program, arguments, out var output) != 0)
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} failed: {output}");
    }

    public void Dispose()
    {
        ChildProcesses.KillTree(_process);
        _process.Dispose();
        _folder.Delete(recursive: true);
    }
}
