using System.Text.Json;
using EdgeSound.Edge.Sinks;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Edge.Tests.Sinks;

/// <summary>The MQTT sink against a real mosquitto started per test on a free loopback port.</summary>
public sealed class MqttSinkTests(ITestOutputHelper output) : IDisposable
{
    private readonly TestOutputLogger _log = new(output);
    private MosquittoBroker? _started;

    // Started on first use inside the test, so a missing mosquitto skips the test rather than failing its constructor.
    private MosquittoBroker _broker => _started ??= MosquittoBroker.Start();

    public void Dispose() => _started?.Dispose();

    private static MqttSinkSettings Settings(int port, string device = "kitchen pi") => new(
        Host: "127.0.0.1",
        DeviceId: device,
        Port: port,
        Labels: ["dog", "crackling_fire"],
        OffDelaySeconds: 7,
        ReconnectMin: TimeSpan.FromMilliseconds(50),
        ReconnectMax: TimeSpan.FromMilliseconds(400),
        ConnectTimeout: TimeSpan.FromSeconds(5),
        DisposeTimeout: TimeSpan.FromSeconds(5));

    private static async Task WaitUntilAsync(Func<bool> done, string what, double seconds = 10)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!done())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {seconds} s for {what}.");
            await Task.Delay(20);
        }
    }

    private static List<double> EventStarts(MqttTestSubscriber subscriber, string topic) =>
        subscriber.On(topic).Select(m => JsonDocument.Parse(m.Payload).RootElement.GetProperty("start").GetDouble()).ToList();

    [SkippableFact]
    public async Task Events_arrive_in_order_as_json_on_the_device_event_topic()
    {
        await using var subscriber = await MqttTestSubscriber.ConnectAsync(_broker.Port, "edgesound/+/event");
        await using var sink = new MqttSink(logger: _log, settings: Settings(_broker.Port));

        for (int i = 0; i < 20; i++) sink.OnDetection(SampleDetections.Numbered(i));

        await subscriber.WaitUntilAsync(m => m.Count >= 20, "20 events");
        Assert.Equal("edgesound/kitchen_pi/event", sink.Topics.Event);
        Assert.All(subscriber.Messages, m => Assert.Equal(sink.Topics.Event, m.Topic));
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (double)i), EventStarts(subscriber, sink.Topics.Event));
        var first = JsonDocument.Parse(subscriber.Messages[0].Payload).RootElement;
        Assert.Equal("event0", first.GetProperty("label").GetString());
        Assert.Equal("kitchen_pi", first.GetProperty("device").GetString());
        Assert.Equal("2026-11-24T09:14:48.123Z", first.GetProperty("time").GetString());
        await WaitUntilAsync(() => sink.Counters.Sent == 20, "20 acknowledged");
        Assert.Equal(0, sink.Counters.Dropped);
    }

    [SkippableFact]
    public async Task A_late_disconnect_notice_about_an_earlier_connection_leaves_the_current_one_working()
    {
        await using var subscriber = await MqttTestSubscriber.ConnectAsync(_broker.Port, "edgesound/+/event");
        await using var sink = new MqttSink(logger: _log, settings: Settings(_broker.Port));
        await WaitUntilAsync(() => sink.IsConnected, "the first connection");

        // What MQTTnet delivers on the thread pool after the status change: here it lands on a healthy connection.
        await sink.OnDisconnectedAsync(new MQTTnet.MqttClientDisconnectedEventArgs(
            clientWasConnected: true, connectResult: null!, MQTTnet.MqttClientDisconnectReason.NormalDisconnection, "late notice", [], exception: null!));
        // The sender, woken by the stale signal, waits on a fresh one instead of returning at once forever.
        await WaitUntilAsync(() => !sink.ConnectionLostSignalled, "a fresh connection-lost signal", seconds: 3);
        await Task.Delay(100);

        Assert.False(sink.ConnectionLostSignalled);
        Assert.True(sink.IsConnected);
        Assert.Equal(0, sink.Counters.Reconnects); // the connection was not dropped and made again
        sink.OnDetection(SampleDetections.Numbered(1));
        await subscriber.WaitUntilAsync(m => m.Count >= 1, "the event after the notice");
    }

    [SkippableFact]
    public async Task When_home_assistant_comes_back_online_the_discovery_configs_are_published_again()
    {
        await using var discovery = await MqttTestSubscriber.ConnectAsync(_broker.Port, "homeassistant/+/+/+/config");
        await using var sink = new MqttSink(logger: _log, settings: Settings(_broker.Port));
        await discovery.WaitUntilAsync(m => m.Count >= 3, "the first three discovery configs");
        await WaitUntilAsync(() => sink.IsConnected, "the sink to announce itself");

        // Home Assistant's birth message after a restart.
        await discovery.PublishAsync("homeassistant/status", "online");

        await discovery.WaitUntilAsync(m => m.Count >= 6, "the configs again");
        Assert.Equal(1, sink.Counters.Rediscoveries);
        Assert.Equal(discovery.Messages.Take(3).Select(m => m.Topic).Order(), discovery.Messages.Skip(3).Select(m => m.Topic).Order());
        // Events still flow afterwards.
        await using var events = await MqttTestSubscriber.ConnectAsync(_broker.Port, sink.Topics.Event);
        sink.OnDetection(SampleDetections.Numbered(3));
        await events.WaitUntilAsync(m => m.Count >= 1, "an event after the rediscovery");
    }

    [SkippableFact]
    public async Task Connecting_publishes_a_retained_online_status_and_home_assistant_discovery_configs()
    {
        await using var watcher = await MqttTestSubscriber.ConnectAsync(_broker.Port, "edgesound/+/status");
        await using var sink = new MqttSink(logger: _log, settings: Settings(_broker.Port));
        // "online" comes after the discovery configs: once it is seen, all were published.
        await watcher.WaitUntilAsync(m => m.Any(x => x.Payload == "online"), "the sink to announce itself");
        // Subscribed after the fact: only retained messages can arrive.
        await using var status = await MqttTestSubscriber.ConnectAsync(_broker.Port, sink.Topics.Status);
        await using var discovery = await MqttTestSubscriber.ConnectAsync(_broker.Port, "homeassistant/#");

        await status.WaitUntilAsync(m => m.Count >= 1, "the retained status");
        await discovery.WaitUntilAsync(m => m.Count >= 3, "three discovery configs");

        Assert.Equal(new MqttTestSubscriber.Received("edgesound/kitchen_pi/status", "online", Retain: true), status.Messages.Single());
        var configs = discovery.Messages.ToDictionary(m => m.Topic, m => JsonDocument.Parse(m.Payload).RootElement);
        Assert.All(discovery.Messages, m => Assert.True(m.Retain));
        Assert.Equal(
            ["homeassistant/binary_sensor/edgesound_kitchen_pi/crackling_fire/config",
             "homeassistant/binary_sensor/edgesound_kitchen_pi/dog/config",
             "homeassistant/sensor/edgesound_kitchen_pi/last_sound/config"],
            configs.Keys.Order());
        foreach (var config in configs.Values)
        {
            Assert.Equal("edgesound/kitchen_pi/status", config.GetProperty("availability_topic").GetString());
            Assert.Equal("edgesound/kitchen_pi/event", config.GetProperty("state_topic").GetString());
            Assert.Equal("edgesound_kitchen_pi", config.GetProperty("device").GetProperty("identifiers")[0].GetString());
        }
        var sensor = configs["homeassistant/sensor/edgesound_kitchen_pi/last_sound/config"];
        Assert.Equal("edgesound_kitchen_pi_last_sound", sensor.GetProperty("unique_id").GetString());
        Assert.Equal("{{ value_json.label }}", sensor.GetProperty("value_template").GetString());
        Assert.Equal("edgesound/kitchen_pi/event", sensor.GetProperty("json_attributes_topic").GetString());
        var dog = configs["homeassistant/binary_sensor/edgesound_kitchen_pi/dog/config"];
        Assert.Equal("edgesound_kitchen_pi_dog", dog.GetProperty("unique_id").GetString());
        Assert.Equal(7, dog.GetProperty("off_delay").GetInt32());
        Assert.Equal("sound", dog.GetProperty("device_class").GetString());
        Assert.Equal("{% if value_json.label == 'dog' %}ON{% endif %}", dog.GetProperty("value_template").GetString());
    }

    [SkippableFact]
    public async Task The_broker_publishes_the_last_will_offline_when_the_link_dies_without_a_disconnect()
    {
        using var link = new TcpLinkProxy(MosquittoBroker.FreeLoopbackPort(), _broker.Port);
        link.Start();
        await using var status = await MqttTestSubscriber.ConnectAsync(_broker.Port, "edgesound/+/status");
        await using var sink = new MqttSink(logger: _log, settings: Settings(link.Port));
        await status.WaitUntilAsync(m => m.Any(x => x.Payload == "online"), "online");

        link.Cut();

        await status.WaitUntilAsync(m => m.Count >= 2, "the last will");
        Assert.Equal(["online", "offline"], status.Messages.Select(m => m.Payload));
        Assert.All(status.Messages, m => Assert.Equal("edgesound/kitchen_pi/status", m.Topic));
        // And it was kept: a newcomer learns the device is offline.
        await using var newcomer = await MqttTestSubscriber.ConnectAsync(_broker.Port, "edgesound/+/status");
        await newcomer.WaitUntilAsync(m => m.Count >= 1, "the retained will");
        Assert.Equal(new MqttTestSubscriber.Received("edgesound/kitchen_pi/status", "offline", Retain: true), newcomer.Messages.Single());
    }

    [SkippableFact]
    public async Task A_clean_dispose_delivers_the_queue_then_leaves_a_retained_offline()
    {
        await using var events = await MqttTestSubscriber.ConnectAsync(_broker.Port, "edgesound/+/event");
        var sink = new MqttSink(logger: _log, settings: Settings(_broker.Port));
        for (int i = 0; i < 5; i++) sink.OnDetection(SampleDetections.Numbered(i));

        await sink.DisposeAsync();

        await events.WaitUntilAsync(m => m.Count >= 5, "the five queued events");
        await using var status = await MqttTestSubscriber.ConnectAsync(_broker.Port, "edgesound/+/status");
        await status.WaitUntilAsync(m => m.Count >= 1, "the retained status");
        Assert.Equal(new MqttTestSubscriber.Received("edgesound/kitchen_pi/status", "offline", Retain: true), status.Messages.Single());
        Assert.Throws<ObjectDisposedException>(() => sink.OnDetection(SampleDetections.Dog));
    }

    [SkippableFact]
    public async Task No_event_is_lost_when_the_broker_restarts_in_the_middle_of_a_stream()
    {
        await using var subscriber = await MqttTestSubscriber.ConnectAsync(_broker.Port, "edgesound/+/event", persistentSession: true);
        await using var sink = new MqttSink(logger: _log, settings: Settings(_broker.Port));
        await WaitUntilAsync(() => sink.IsConnected, "the sink to connect");
        const int count = 50;

        // The pipeline keeps detecting, one event every 10 ms, while the broker goes down and comes back.
        var stream = Task.Run(async () =>
        {
            for (int i = 0; i < count; i++)
            {
                sink.OnDetection(SampleDetections.Numbered(i));
                await Task.Delay(10);
            }
        });
        await Task.Delay(150);
        _broker.Stop();
        await Task.Delay(200);
        _broker.Resume();
        await stream;
        await subscriber.ReconnectAsync(TimeSpan.FromSeconds(10));

        var topic = sink.Topics.Event;
        await subscriber.WaitUntilAsync(_ => EventStarts(subscriber, topic).Distinct().Count() == count, "all 50 events");
        // At least once and in order: an event whose acknowledgement died with the broker may come twice.
        var firstArrivals = EventStarts(subscriber, topic).Distinct().ToList();
        Assert.Equal(Enumerable.Range(0, count).Select(i => (double)i), firstArrivals);
        Assert.True(sink.Counters.Reconnects >= 1, $"reconnects {sink.Counters.Reconnects}");
        Assert.Equal(0, sink.Counters.Dropped);
        await WaitUntilAsync(() => sink.Counters.Sent >= count, "all acknowledged");
    }

    [SkippableFact]
    public async Task An_event_whose_acknowledgement_is_lost_is_sent_again_after_reconnecting()
    {
        using var link = new TcpLinkProxy(MosquittoBroker.FreeLoopbackPort(), _broker.Port);
        link.Start();
        await using var subscriber = await MqttTestSubscriber.ConnectAsync(_broker.Port, "edgesound/+/event");
        await using var sink = new MqttSink(logger: _log, settings: Settings(link.Port) with { ConnectTimeout = TimeSpan.FromSeconds(2) });
        await WaitUntilAsync(() => sink.IsConnected, "the sink to connect");

        link.SwallowReplies();
        sink.OnDetection(SampleDetections.Numbered(1));
        // The broker got it; the sink never hears so, times out, reconnects and sends it again.
        await WaitUntilAsync(() => sink.Counters.Reconnects >= 1, "a reconnect", seconds: 15);
        sink.OnDetection(SampleDetections.Numbered(2));

        await WaitUntilAsync(() => sink.Counters.Sent == 2, "both acknowledged", seconds: 15);
        await subscriber.WaitUntilAsync(m => m.Count >= 3, "the first event twice, then the second");
        Assert.Equal([1.0, 1, 2], EventStarts(subscriber, sink.Topics.Event));
    }

    [SkippableFact]
    public async Task A_full_queue_drops_the_oldest_events_and_counts_them()
    {
        // The sink's port answers only once the link starts: until then the broker is "away".
        using var link = new TcpLinkProxy(MosquittoBroker.FreeLoopbackPort(), _broker.Port);
        await using var subscriber = await MqttTestSubscriber.ConnectAsync(_broker.Port, "edgesound/+/event");
        await using var sink = new MqttSink(logger: _log, settings: Settings(link.Port) with { QueueCapacity = 5 });

        for (int i = 0; i < 12; i++) sink.OnDetection(SampleDetections.Numbered(i));
        Assert.Equal(7, sink.Counters.Dropped);
        Assert.Equal(5, sink.Queued);
        await WaitUntilAsync(() => sink.Counters.FailedConnectAttempts >= 1, "a failed connection attempt");
        link.Start();

        await subscriber.WaitUntilAsync(m => m.Count >= 5, "the five newest events");
        Assert.Equal([7.0, 8, 9, 10, 11], EventStarts(subscriber, sink.Topics.Event));
        Assert.Equal(0, sink.Counters.Reconnects);
    }
}
