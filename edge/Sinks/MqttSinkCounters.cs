namespace EdgeSound.Edge.Sinks;

/// <summary>What the MQTT sink has done, for the status line, the service log and tests. Thread-safe.</summary>
public sealed class MqttSinkCounters
{
    private long _sent, _dropped, _reconnects, _failedAttempts, _rediscoveries;

    /// <summary>Events the broker acknowledged (QoS 1 PUBACK).</summary>
    public long Sent => Interlocked.Read(ref _sent);

    /// <summary>Events dropped, oldest first, because the queue was full while the broker was away.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Successful connections after the first (each one followed a lost connection).</summary>
    public long Reconnects => Interlocked.Read(ref _reconnects);

    /// <summary>Connection attempts that failed.</summary>
    public long FailedConnectAttempts => Interlocked.Read(ref _failedAttempts);

    /// <summary>Times the discovery configs were published again because Home Assistant came (back) online.</summary>
    public long Rediscoveries => Interlocked.Read(ref _rediscoveries);

    internal void CountSent() => Interlocked.Increment(ref _sent);
    internal void CountDropped() => Interlocked.Increment(ref _dropped);
    internal void CountReconnect() => Interlocked.Increment(ref _reconnects);
    internal void CountFailedAttempt() => Interlocked.Increment(ref _failedAttempts);
    internal void CountRediscovery() => Interlocked.Increment(ref _rediscoveries);
}
