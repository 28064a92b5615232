using System.Net;
using System.Net.Sockets;

namespace EdgeSound.Edge.Tests.Sinks;

/// <summary>
/// A loopback TCP relay between a client and the broker whose link the test can cut abruptly (a
/// TCP reset, as when a device loses power or Wi-Fi), or bring up later on a port that was dead.
/// </summary>
internal sealed class TcpLinkProxy(int listenPort, int targetPort) : IDisposable
{
    private readonly List<Socket> _sockets = [];
    private TcpListener? _listener;
    private Task? _acceptLoop;

    public int Port { get; } = listenPort;

    public void Start()
    {
        _listener = new TcpListener(IPAddress.Loopback, Port);
        _listener.Start();
        var listener = _listener;
        _acceptLoop = Task.Run(async () =>
        {
            try
            {
                while (true)
                {
                    var client = await listener.AcceptSocketAsync();
                    var upstream = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                    await upstream.ConnectAsync(IPAddress.Loopback, targetPort);
                    lock (_sockets) _sockets.AddRange([client, upstream]);
                    _ = PumpAsync(client, upstream);
                    _ = PumpAsync(upstream, client);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The listener was stopped.
            }
        });
    }

    private static async Task PumpAsync(Socket from, Socket to)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0) break;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Cut.
        }
    }

    /// <summary>Stops listening and resets every relayed connection on both sides.</summary>
    public void Cut()
    {
        _listener?.Stop();
        _acceptLoop?.Wait(TimeSpan.FromSeconds(5));
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                // Linger 0: close sends RST, not FIN, so neither side gets a clean goodbye.
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }
            _sockets.Clear();
        }
    }

    public void Dispose() => Cut();
}
