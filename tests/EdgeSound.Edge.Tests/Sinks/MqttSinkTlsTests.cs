using EdgeSound.Edge.Sinks;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Edge.Tests.Sinks;

/// <summary>The MQTT sink over TLS to a broker whose certificate comes from a private CA, with a user and password.</summary>
public sealed class MqttSinkTlsTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestOutputLogger _log = new(output);
    private SecureMosquittoBroker? _started;
    private SecureMosquittoBroker _broker => _started ??= SecureMosquittoBroker.Start();

    public void Dispose() => _started?.Dispose();

    private MqttSinkSettings Settings(string? password, string? caFile) => new(
        Host: "127.0.0.1",
        DeviceId: "tls pi",
        Port: _broker.TlsPort,
        Username: SecureMosquittoBroker.User,
        Password: password,
        UseTls: true,
        CaFile: caFile,
        HomeAssistantDiscovery: false,
        ReconnectMin: TimeSpan.FromMilliseconds(50),
        ReconnectMax: TimeSpan.FromMilliseconds(200),
        ConnectTimeout: TimeSpan.FromSeconds(5),
        DisposeTimeout: TimeSpan.FromSeconds(5));

    [SkippableFact]
    public async Task Events_reach_a_tls_broker_signed_by_the_configured_ca_with_the_configured_credentials()
    {
        await using var subscriber = await MqttTestSubscriber.ConnectAsync(_broker.PlainPort, "edgesound/+/event");
        await using var sink = new MqttSink(Settings(SecureMosquittoBroker.Password, _broker.CaFile), _log);

        for (int i = 0; i < 5; i++) sink.OnDetection(SampleDetections.Numbered(i));

        await subscriber.WaitUntilAsync(m => m.Count >= 5, "5 events over TLS");
        Assert.All(subscriber.Messages, m => Assert.Equal("edgesound/tls_pi/event", m.Topic));
    }

    [SkippableFact]
    public async Task A_wrong_password_or_an_untrusted_certificate_delivers_nothing_and_keeps_the_events_queued()
    {
        await using var subscriber = await MqttTestSubscriber.ConnectAsync(_broker.PlainPort, "edgesound/+/event");
        // Nothing can be delivered, so a short wait on dispose is enough.
        var quickDispose = TimeSpan.FromMilliseconds(300);
        await using (var wrongPassword = new MqttSink(Settings("wrong", _broker.CaFile) with { DisposeTimeout = quickDispose }, _log))
        await using (var untrusted = new MqttSink(Settings(SecureMosquittoBroker.Password, caFile: null) with { DisposeTimeout = quickDispose }, _log))
        {
            wrongPassword.OnDetection(SampleDetections.Numbered(1));
            untrusted.OnDetection(SampleDetections.Numbered(2));
            var deadline = DateTime.UtcNow.AddSeconds(10);
            while ((wrongPassword.Counters.FailedConnectAttempts < 2 || untrusted.Counters.FailedConnectAttempts < 2) && DateTime.UtcNow < deadline)
                await Task.Delay(50);

            Assert.True(wrongPassword.Counters.FailedConnectAttempts >= 2);
            Assert.True(untrusted.Counters.FailedConnectAttempts >= 2);
            Assert.False(wrongPassword.IsConnected);
            Assert.False(untrusted.IsConnected);
            Assert.Equal(0, wrongPassword.Counters.Sent + untrusted.Counters.Sent);
        }
        Assert.Empty(subscriber.Messages);
    }
}
