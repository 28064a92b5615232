using System.Collections.Concurrent;
using MQTTnet;
using MQTTnet.Formatter;
using MQTTnet.Protocol;

namespace EdgeSound.Edge.Tests.Sinks;

/// <summary>An MQTTnet client that subscribes and records what it receives, for asserting on.</summary>
internal sealed class MqttTestSubscriber : IAsyncDisposable
{
    private readonly IMqttClient _client = new MqttClientFactory().CreateMqttClient();
    private readonly MqttClientOptions _options;
    private readonly ConcurrentQueue<Received> _received = new();

    public sealed record Received(string Topic, string Payload, bool Retain);

    // persistentSession: the broker keeps subscriptions and queued QoS 1 messages while we are disconnected.
    private MqttTestSubscriber(int port, string clientId, bool persistentSession)
    {
        _options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", port)
            .WithClientId(clientId)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession(!persistentSession)
            .WithTimeout(TimeSpan.FromSeconds(5))
            .Build();
        _client.ApplicationMessageReceivedAsync += e =>
        {
            _received.Enqueue(new Received(e.ApplicationMessage.Topic, e.ApplicationMessage.ConvertPayloadToString(), e.ApplicationMessage.Retain));
            return Task.CompletedTask;
        };
    }

    public IReadOnlyList<Received> Messages => _received.ToArray();

    public IEnumerable<Received> On(string topic) => Messages.Where(m => m.Topic == topic);

    public static async Task<MqttTestSubscriber> ConnectAsync(int port, string topicFilter, bool persistentSession = false)
    {
        var subscriber = new MqttTestSubscriber(port, "test-subscriber-" + Guid.NewGuid().ToString("N")[..8], persistentSession);
        await subscriber._client.ConnectAsync(subscriber._options);
        await subscriber._client.SubscribeAsync(topicFilter, MqttQualityOfServiceLevel.AtLeastOnce);
        return subscriber;
    }

    /// <summary>Publishes a (non-retained, QoS 1) message, e.g. Home Assistant's birth message.</summary>
    public Task PublishAsync(string topic, string payload) =>
        _client.PublishStringAsync(topic, payload, MqttQualityOfServiceLevel.AtLeastOnce);

    /// <summary>Reconnects (after a broker restart) until the broker answers; the persistent session brings the subscription back.</summary>
    public async Task ReconnectAsync(TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                if (!_client.IsConnected) await _client.ConnectAsync(_options);
                return;
            }
            catch (Exception) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(50);
            }
        }
    }

    /// <summary>Waits until <paramref name="done"/> holds for the messages so far; throws with what arrived on timeout.</summary>
    public async Task WaitUntilAsync(Func<IReadOnlyList<Received>, bool> done, string what, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done(Messages))
        {
            if (DateTime.UtcNow > deadline)
                throw new TimeoutException($"Waited {seconds} s for {what}; received: " +
                                           string.Join(" | ", Messages.Select(m => $"{m.Topic}={m.Payload}")));
            await Task.Delay(20);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_client.IsConnected)
        {
            try { await _client.DisconnectAsync(); }
            catch (Exception) { /* the broker may already be gone */ }
        }
        _client.Dispose();
    }
}
