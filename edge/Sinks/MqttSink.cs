using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Threading.Channels;
using EdgeSound.Shared.Smoothing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging;
using MQTTnet.Formatter;
using MQTTnet.Protocol;
using MQTTnet;

namespace EdgeSound.Edge.Sinks;

/// <summary>
/// Publishes detections to an MQTT broker (MQTTnet 5, MQTT 3.1.1) for Home Assistant and friends.
/// <list type="bullet">
/// <item>Events go QoS 1 to <c>edgesound/&lt;device&gt;/event</c> as <see cref="DetectionJson"/>.</item>
/// <item>On every connect: Home Assistant discovery configs (retained), then a retained "online" on
/// <c>edgesound/&lt;device&gt;/status</c>; the last will puts a retained "offline" there when the
/// device vanishes, and a clean <see cref="Dispose"/> publishes "offline" itself.</item>
/// <item><see cref="OnDetection"/> never blocks: it enqueues into a bounded queue (when full, the
/// oldest event is dropped and counted) and a background task sends. While the broker is away the
/// queue holds the events; they are delivered, in order, after the reconnect (at least once: an
/// event whose acknowledgement was lost with the connection is sent again).</item>
/// <item>Reconnects with exponential back-off from <see cref="MqttSinkSettings.ReconnectMin"/> to
/// <see cref="MqttSinkSettings.ReconnectMax"/>.</item>
/// </list>
/// </summary>
public sealed class MqttSink : IDetectionSink, IAsyncDisposable
{
    private readonly MqttSinkSettings _settings;
    private readonly IReadOnlyList<DiscoveryMessage> _discovery;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly IMqttClient _client;
    private readonly MqttClientOptions _options;
    private readonly Channel<MqttApplicationMessage> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sender;
    // Cancelled when a connection drops, to wake a sender that is waiting for events. MQTTnet raises
    // DisconnectedAsync on the thread pool after the status change, so a late notice about an older
    // connection can land on the signal of a newer one: the sender checks the client before trusting it.
    private CancellationTokenSource _connectionLost = new();
    // Cancelled when Home Assistant announces it is (back) online: the sender publishes the discovery configs again.
    private CancellationTokenSource _discoveryRequested = new();
    private readonly string _homeAssistantStatus;
    private volatile bool _online;
    private int _disposed;

    /// <summary>Validates the settings and starts connecting in the background; never waits for the broker.</summary>
    /// <exception cref="ArgumentException">A setting is wrong (the message names it).</exception>
    public MqttSink(MqttSinkSettings settings, ILogger? logger = null, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(settings);
        settings.Validate();
        _settings = settings;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        Topics = new MqttTopics(settings.TopicPrefix, settings.DeviceId);
        _discovery = settings.HomeAssistantDiscovery ? HomeAssistantDiscovery.Build(settings, Topics) : [];
        _queue = Channel.CreateBounded<MqttApplicationMessage>(
            new BoundedChannelOptions(settings.QueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            _ => Counters.CountDropped());
        _options = BuildOptions(settings, Topics);
        _client = new MqttClientFactory().CreateMqttClient();
        _client.DisconnectedAsync += OnDisconnectedAsync;
        _homeAssistantStatus = HomeAssistantDiscovery.BirthTopic(settings);
        _client.ApplicationMessageReceivedAsync += OnMessageAsync;
        _sender = Task.Run(() => SendLoopAsync(_stop.Token));
    }

    /// <summary>This device's topics.</summary>
    public MqttTopics Topics { get; }

    /// <summary>Sent, dropped, reconnects.</summary>
    public MqttSinkCounters Counters { get; } = new();

    /// <summary>True while connected to the broker and announced (discovery configs and "online" published).</summary>
    public bool IsConnected => _online && _client.IsConnected;

    /// <summary>Events waiting to be sent.</summary>
    public int Queued => _queue.Reader.Count;

    // For tests: whether the sender's "connection lost" signal has fired. On a connected, idle sink it
    // must not stay so: every wait on it would return at once (a busy loop).
    internal bool ConnectionLostSignalled => Volatile.Read(ref _connectionLost).IsCancellationRequested;

    /// <inheritdoc />
    public void OnDetection(Detection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) != 0, this);
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(Topics.Event)
            .WithPayload(DetectionJson.ToUtf8(detection, Topics.Device))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        // Never blocks: a full queue drops its oldest event (counted by the channel's callback).
        _queue.Writer.TryWrite(message);
    }

    private static MqttClientOptions BuildOptions(MqttSinkSettings settings, MqttTopics topics)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(settings.Host, settings.Port)
            .WithClientId("edgesound-" + topics.Device)
            .WithProtocolVersion(MqttProtocolVersion.V311)
            .WithCleanSession(true)
            .WithKeepAlivePeriod(settings.KeepAliveOrDefault)
            .WithTimeout(settings.ConnectTimeoutOrDefault)
            .WithWillTopic(topics.Status)
            .WithWillPayload(MqttTopics.Offline)
            .WithWillRetain(true)
            .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce);
        if (settings.Username is not null) builder.WithCredentials(settings.Username, settings.Password ?? "");
        if (settings.UseTls)
        {
            var privateCa = settings.CaFile is null ? null : LoadCa(settings.CaFile);
            builder.WithTlsOptions(tls =>
            {
                tls.UseTls(true).WithTargetHost(settings.Host);
                if (privateCa is not null) tls.WithCertificateValidationHandler(args => IsSignedBy(privateCa, args));
            });
        }
        return builder.Build();
    }

    private static X509Certificate2Collection LoadCa(string path)
    {
        var ca = new X509Certificate2Collection();
        try
        {
            ca.ImportFromPemFile(path);
        }
        catch (Exception e) when (e is System.Security.Cryptography.CryptographicException or IOException)
        {
            throw new ArgumentException($"The MQTT CA file '{path}' could not be read as PEM certificates: {e.Message}", nameof(MqttSinkSettings.CaFile), e);
        }
        if (ca.Count == 0) throw new ArgumentException($"The MQTT CA file '{path}' holds no PEM certificate.", nameof(MqttSinkSettings.CaFile));
        return ca;
    }

    // A broker certificate from a private CA: the name must match; the chain must end at that CA.
    private static bool IsSignedBy(X509Certificate2Collection ca, MqttClientCertificateValidationEventArgs args)
    {
        if ((args.SslPolicyErrors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(ca);
        // Private CAs seldom publish revocation lists.
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        var certificate = args.Certificate as X509Certificate2 ?? X509CertificateLoader.LoadCertificate(args.Certificate.GetRawCertData());
        return chain.Build(certificate);
    }

    // Internal so a test can deliver a notice late, as MQTTnet may (its own timing cannot be forced).
    internal Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs args)
    {
        if (args.ClientWasConnected && Volatile.Read(ref _disposed) == 0)
            _logger.LogWarning("MQTT connection to {Host}:{Port} lost ({Reason}); events are queued until it is back.",
                _settings.Host, _settings.Port, args.Exception?.Message ?? args.Reason.ToString());
        // No "_online = false" here: IsConnected already reads the client's own state, and a late notice
        // would mark a newer, healthy connection offline and make the sender drop it.
        try
        {
            Volatile.Read(ref _connectionLost).Cancel();
        }
        catch (ObjectDisposedException)
        {
            // A late notice about a connection already replaced: nobody waits on it any more.
        }
        return Task.CompletedTask;
    }

    private async Task SendLoopAsync(CancellationToken stop)
    {
        var backoff = _settings.ReconnectMinOrDefault;
        bool everConnected = false;
        int failuresInARow = 0;
        MqttApplicationMessage? pending = null;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                // Disposed and drained: done.
                if (pending is null && _queue.Reader.Completion.IsCompleted) return;
                if (!IsConnected)
                {
                    // One warning per outage, not one per attempt.
                    if (!await TryConnectAsync(stop, quiet: failuresInARow++ > 0))
                    {
                        await Task.Delay(backoff, _time, stop);
                        backoff = TimeSpan.FromTicks(Math.Min(backoff.Ticks * 2, _settings.ReconnectMaxOrDefault.Ticks));
                        continue;
                    }
                    backoff = _settings.ReconnectMinOrDefault;
                    failuresInARow = 0;
                    if (everConnected) Counters.CountReconnect();
                    everConnected = true;
                }
                if (Volatile.Read(ref _discoveryRequested).IsCancellationRequested)
                {
                    if (!await TryRepublishDiscoveryAsync(stop)) continue;
                }
                if (pending is null && !_queue.Reader.TryRead(out pending))
                {
                    await WaitForEventOrLostConnectionAsync(stop);
                    continue;
                }
                if (await TryPublishAsync(pending, stop)) pending = null;
                else await Task.Delay(_settings.ReconnectMinOrDefault, _time, stop);
            }
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
            // Disposed before the queue drained (MQTTnet reports a cancelled wait as a timeout):
            // what is left is abandoned, as Dispose documents.
        }
        catch (Exception e)
        {
            // Not expected: every step above handles its own failures. Logged, not thrown into Dispose.
            _logger.LogError(e, "The MQTT sender stopped: {Message}", e.Message);
        }
    }

    private async Task WaitForEventOrLostConnectionAsync(CancellationToken stop)
    {
        var lost = Volatile.Read(ref _connectionLost);
        if (lost.IsCancellationRequested)
        {
            // Signalled, yet the client is connected: a late notice about an earlier connection. Waiting
            // on it would return at once, every time (a busy loop); this connection gets a fresh signal.
            // Swap first, then look: a drop after the look notifies the fresh signal (the notice follows
            // the status change), a drop before it is seen here.
            lost = new CancellationTokenSource();
            Interlocked.Exchange(ref _connectionLost, lost).Dispose();
            if (!_client.IsConnected) return;
        }
        using var wake = CancellationTokenSource.CreateLinkedTokenSource(stop, lost.Token,
            Volatile.Read(ref _discoveryRequested).Token);
        try
        {
            await _queue.Reader.WaitToReadAsync(wake.Token);
        }
        catch (OperationCanceledException) when (!stop.IsCancellationRequested)
        {
            // The connection dropped: the loop reconnects.
        }
    }

    private async Task<bool> TryConnectAsync(CancellationToken stop, bool quiet)
    {
        // Connected but not announced (an announcement that failed half-way): start over cleanly.
        await DropConnectionAsync();
        var lost = new CancellationTokenSource();
        Interlocked.Exchange(ref _connectionLost, lost).Dispose();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        // One budget for the whole announcement: connect, discovery configs, "online".
        timeout.CancelAfter(_settings.ConnectTimeoutOrDefault);
        try
        {
            var result = await _client.ConnectAsync(_options, timeout.Token);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
                throw new InvalidOperationException($"the broker refused the connection ({result.ResultCode}: {result.ReasonString})");
            // Discovery first, then "online": Home Assistant never sees an available device it has no config for.
            foreach (var config in _discovery) await PublishRetainedAsync(config.Topic, config.Payload, timeout.Token);
            // Home Assistant's birth message: when it restarts it says "online" here and expects the configs again.
            if (_discovery.Count > 0)
                await _client.SubscribeAsync(new MqttClientSubscribeOptionsBuilder().WithTopicFilter(_homeAssistantStatus).Build(), timeout.Token);
            await PublishRetainedAsync(Topics.Status, System.Text.Encoding.UTF8.GetBytes(MqttTopics.Online), timeout.Token);
            _online = true;
            _logger.LogInformation("MQTT connected to {Host}:{Port}; publishing to {Topic}.", _settings.Host, _settings.Port, Topics.Event);
            return true;
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            Counters.CountFailedAttempt();
            var level = quiet ? LogLevel.Debug : LogLevel.Warning;
            _logger.Log(level, "Cannot connect to the MQTT broker {Host}:{Port} ({Message}); retrying with back-off up to {Max}. " +
                "Check the host, port, TLS and credentials in the configuration.", _settings.Host, _settings.Port, e.Message, _settings.ReconnectMaxOrDefault);
            await DropConnectionAsync();
            return false;
        }
    }

    // Runs on MQTTnet's receive loop: only flags the request; the sender publishes (awaiting PUBACKs here would stall it).
    private Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs args)
    {
        if (args.ApplicationMessage.Topic == _homeAssistantStatus
            && args.ApplicationMessage.ConvertPayloadToString() == "online")
        {
            try
            {
                Volatile.Read(ref _discoveryRequested).Cancel();
            }
            catch (ObjectDisposedException)
            {
                // Shutting down.
            }
        }
        return Task.CompletedTask;
    }

    private async Task<bool> TryRepublishDiscoveryAsync(CancellationToken stop)
    {
        Interlocked.Exchange(ref _discoveryRequested, new CancellationTokenSource()).Dispose();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(_settings.ConnectTimeoutOrDefault);
        try
        {
            foreach (var config in _discovery) await PublishRetainedAsync(config.Topic, config.Payload, timeout.Token);
            Counters.CountRediscovery();
            _logger.LogInformation("Home Assistant came online: discovery configs published again.");
            return true;
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            _logger.LogDebug("Republishing discovery failed ({Message}); the reconnect announces it again.", e.Message);
            await DropConnectionAsync();
            return false;
        }
    }

    private async Task<bool> TryPublishAsync(MqttApplicationMessage message, CancellationToken stop)
    {
        // MQTTnet waits for a PUBACK without end; a half-dead link (Wi-Fi gone, no RST) must not stall the queue.
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stop);
        timeout.CancelAfter(_settings.ConnectTimeoutOrDefault);
        try
        {
            var result = await _client.PublishAsync(message, timeout.Token);
            if (result.IsSuccess) Counters.CountSent();
            // A broker that rejects a message (e.g. not authorised) will reject it again: log and move on.
            else _logger.LogWarning("The MQTT broker rejected an event on {Topic}: {Reason} {Text}", message.Topic, result.ReasonCode, result.ReasonString);
            return true;
        }
        catch (Exception e) when (!stop.IsCancellationRequested)
        {
            // Usually the connection went; the event stays pending and is sent again after the reconnect.
            _logger.LogDebug("MQTT publish failed ({Message}); will retry after reconnecting.", e.Message);
            await DropConnectionAsync();
            return false;
        }
    }

    private Task PublishRetainedAsync(string topic, byte[] payload, CancellationToken cancellation) =>
        _client.PublishAsync(new MqttApplicationMessageBuilder()
            .WithTopic(topic)
            .WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(true)
            .Build(), cancellation);

    // A half-dead connection (connected flag still set after a failure) would make the loop spin.
    private async Task DropConnectionAsync()
    {
        _online = false;
        if (!_client.IsConnected) return;
        try
        {
            await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), CancellationToken.None);
        }
        catch (Exception e)
        {
            _logger.LogDebug("Dropping the MQTT connection failed: {Message}", e.Message);
        }
    }

    /// <summary>
    /// Clean shutdown: stops accepting events, gives the queue up to
    /// <see cref="MqttSinkSettings.DisposeTimeout"/> to drain, publishes a retained "offline" and
    /// disconnects (so the broker does not send the last will). Events still queued after the
    /// timeout are abandoned.
    /// </summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0) return;
        _queue.Writer.TryComplete();
        var drainTimeout = Task.Delay(_settings.DisposeTimeoutOrDefault, _time);
        if (await Task.WhenAny(_sender, drainTimeout) != _sender) await _stop.CancelAsync();
        await _sender;
        if (Queued > 0)
            _logger.LogWarning("MQTT sink closed with {Count} events not delivered (broker {Host}:{Port} unreachable).", Queued, _settings.Host, _settings.Port);
        if (_client.IsConnected)
        {
            try
            {
                using var timeout = new CancellationTokenSource(_settings.ConnectTimeoutOrDefault);
                await PublishRetainedAsync(Topics.Status, System.Text.Encoding.UTF8.GetBytes(MqttTopics.Offline), timeout.Token);
                // MQTT 3.1.1 has no disconnect reasons: the default options are the plain DISCONNECT.
                await _client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token);
            }
            catch (Exception e)
            {
                _logger.LogWarning("Could not say \"offline\" to the MQTT broker ({Message}); its last will says it instead.", e.Message);
            }
        }
        _client.DisconnectedAsync -= OnDisconnectedAsync;
        _client.ApplicationMessageReceivedAsync -= OnMessageAsync;
        _client.Dispose();
        _connectionLost.Dispose();
        _discoveryRequested.Dispose();
        _stop.Dispose();
    }

    /// <summary>Synchronous <see cref="DisposeAsync"/>, for <c>using</c> and the <see cref="IDetectionSink"/> contract.</summary>
    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();
}
