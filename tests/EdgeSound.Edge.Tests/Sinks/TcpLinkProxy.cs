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
    private readonly List<Link> _links = [];
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
                    var link = new Link();
                    lock (_sockets)
                    {
                        _sockets.AddRange([client, upstream]);
                        _links.Add(link);
                    }
                    _ = PumpAsync(client, upstream, null);
                    _ = PumpAsync(upstream, client, link);
                }
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                // The listener was stopped.
            }
        });
    }

    // The broker-to-client direction of one connection, which can be made to swallow replies.
    private sealed class Link
    {
        public volatile bool SwallowReplies;
    }

    private static async Task PumpAsync(Socket from, Socket to, Link? replies)
    {
        var buffer = new byte[16 * 1024];
        try
        {
            while (true)
            {
                int read = await from.ReceiveAsync(buffer, SocketFlags.None);
                if (read == 0) break;
                if (replies is { SwallowReplies: true }) continue;
                await to.SendAsync(buffer.AsMemory(0, read), SocketFlags.None);
            }
            to.Shutdown(SocketShutdown.Send);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // Cut.
        }
    }

    /// <summary>
    /// From now on the broker's replies on the current connections are lost (acknowledgements,
    /// pings) while the client's packets still reach the broker: a link that half died. New
    /// connections relay normally.
    /// </summary>
    public void SwallowReplies()
    {
        lock (_sockets) foreach (var link in _links) link.SwallowReplies = true;
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
            _links.Clear();
        }
    }

    public void Dispose() => Cut();
}
