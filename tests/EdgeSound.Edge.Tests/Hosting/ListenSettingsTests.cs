using System.Text.Json;
using EdgeSound.Edge.Commands;
using EdgeSound.Edge.Hosting;
using EdgeSound.Edge.Sinks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Xunit;

namespace EdgeSound.Edge.Tests.Hosting;

/// <summary>Tests that set process environment variables run alone: other tests build hosts that read them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessEnvironmentCollection
{
    public const string Name = "Process environment";
}

/// <summary>Where <c>listen</c>'s settings come from: the settings file, then the environment, then the command line.</summary>
[Collection(ProcessEnvironmentCollection.Name)]
public sealed class ListenSettingsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-settings-");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable("EdgeSound__Smoother__Threshold", null);
        Environment.SetEnvironmentVariable("EdgeSound__Mqtt__Password", null);
        _folder.Delete(recursive: true);
    }

    [Fact]
    public void The_environment_overrides_the_settings_file_and_the_command_line_overrides_both()
    {
        var file = Path.Combine(_folder.FullName, "appsettings.json");
        File.WriteAllText(file, """
            // comments are allowed, as in the shipped file
            {
              "EdgeSound": {
                "Source": { "Device": "hw:1,0" },
                "Smoother": { "Threshold": 0.5, "Labels": [ "dog" ] },
                "Jsonl": { "Path": "/var/lib/edgesound/events.jsonl" },
                "Mqtt": { "Host": "broker.local", "Username": "pi" },
                "Gpio": { "Pins": [ { "Pin": 17, "Labels": [ "dog" ], "HoldMilliseconds": 1500 } ] }
              }
            }
            """);
        Environment.SetEnvironmentVariable("EdgeSound__Smoother__Threshold", "0.7");
        Environment.SetEnvironmentVariable("EdgeSound__Mqtt__Password", "from-the-environment");

        using var host = ListenCommand.BuildHost(file, new Dictionary<string, string?> { ["EdgeSound:Source:Device"] = "plughw:2,0" });
        var options = host.Services.GetRequiredService<IOptions<EdgeSoundOptions>>().Value;

        Assert.Equal("plughw:2,0", options.Source.Device);          // command line
        Assert.Equal(0.7f, options.Smoother.Threshold);              // environment over file
        Assert.Equal(["dog"], options.Smoother.Labels);             // file
        Assert.Equal("/var/lib/edgesound/events.jsonl", options.Jsonl.Path);
        Assert.Equal("from-the-environment", options.Mqtt.Password);
        Assert.Equal(17, Assert.Single(options.Gpio.Pins).Pin);
        Assert.Equal(1500, options.Gpio.Pins[0].HoldMilliseconds);
        Assert.Equal(2.0, options.Listen.QueueSeconds);              // default
    }

    [Fact]
    public void Labels_from_the_command_line_replace_the_configured_list_as_a_whole()
    {
        var file = Path.Combine(_folder.FullName, "appsettings.json");
        File.WriteAllText(file, """{ "EdgeSound": { "Smoother": { "Labels": [ "dog", "rain", "rooster" ] } } }""");

        using var host = ListenCommand.BuildHost(file, new Dictionary<string, string?>(), labels: ["siren"]);
        var options = host.Services.GetRequiredService<IOptions<EdgeSoundOptions>>().Value;

        Assert.Equal(["siren"], options.Smoother.Labels);
    }

    [Fact]
    public void The_shipped_settings_file_binds_to_the_defaults()
    {
        var shipped = Path.Combine(AppContext.BaseDirectory, ListenCommand.DefaultConfigFile);
        using var host = ListenCommand.BuildHost(shipped, new Dictionary<string, string?>());
        var options = host.Services.GetRequiredService<IOptions<EdgeSoundOptions>>().Value;

        // The file lists every key with the value the code uses without it: the two must not drift.
        Assert.Equal(JsonSerializer.Serialize(new EdgeSoundOptions()), JsonSerializer.Serialize(options));
        var keys = ListedKeys(File.ReadAllText(shipped));
        foreach (var property in AllOptionPaths(typeof(EdgeSoundOptions), EdgeSoundOptions.Section))
            Assert.Contains(property, keys);
    }

    /// <summary>Every "a:b:c" key path the shipped file spells out (the JSON with its comments removed).</summary>
    private static HashSet<string> ListedKeys(string jsonWithComments)
    {
        using var document = JsonDocument.Parse(jsonWithComments, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        var keys = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        void Walk(JsonElement element, string path)
        {
            if (element.ValueKind != JsonValueKind.Object) return;
            foreach (var property in element.EnumerateObject())
            {
                var key = path.Length == 0 ? property.Name : path + ":" + property.Name;
                keys.Add(key);
                Walk(property.Value, key);
            }
        }
        Walk(document.RootElement, "");
        return keys;
    }

    /// <summary>The key path of every settable option (lists of objects, like GPIO pins, stop at the list).</summary>
    private static IEnumerable<string> AllOptionPaths(Type type, string path)
    {
        foreach (var property in type.GetProperties().Where(p => p.CanWrite))
        {
            var key = path + ":" + property.Name;
            yield return key;
            if (property.PropertyType.IsClass && property.PropertyType != typeof(string) && !property.PropertyType.IsGenericType)
                foreach (var nested in AllOptionPaths(property.PropertyType, key)) yield return nested;
        }
    }

    [Fact]
    public void The_device_id_in_every_sink_is_the_sanitised_one_mqtt_uses()
    {
        var options = new EdgeSoundOptions { DeviceId = "Living room/Pi" };

        Assert.Equal(new MqttTopics("edgesound", "Living room/Pi").Device, ListenSetup.DeviceId(options));
        Assert.Equal("Living_room_Pi", ListenSetup.DeviceId(options));
    }

    [Fact]
    public void A_source_kind_that_does_not_exist_is_named_with_its_key()
    {
        var e = Assert.Throws<ArgumentException>(() => ListenSetup.OpenSource(new SourceOptions { Kind = "bluetooth" }, _ => { }));
        Assert.Contains("EdgeSound:Source:Kind 'bluetooth'", e.Message);
    }
}
