using EdgeSound.Edge.Sinks;
using Xunit;

namespace EdgeSound.Edge.Tests.Sinks;

public sealed class MqttTopicsTests
{
    [Theory]
    [InlineData("kitchen", "kitchen")]
    [InlineData("Living room/Pi#1", "Living_room_Pi_1")]
    [InlineData("  garage+shed  ", "garage_shed")]
    public void Device_ids_become_single_topic_segments(string deviceId, string segment)
    {
        var topics = new MqttTopics("edgesound", deviceId);

        Assert.Equal(segment, topics.Device);
        Assert.Equal($"edgesound/{segment}/event", topics.Event);
        Assert.Equal($"edgesound/{segment}/status", topics.Status);
    }

    [Fact]
    public void A_device_id_without_letters_or_digits_is_refused_naming_the_setting()
    {
        var error = Assert.Throws<ArgumentException>(() => new MqttSink(new MqttSinkSettings("localhost", "/#/")));

        Assert.Contains("DeviceId", error.Message);
    }
}
