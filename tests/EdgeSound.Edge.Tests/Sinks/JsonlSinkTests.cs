using System.Text.Json;
using EdgeSound.Edge.Sinks;
using Xunit;

namespace EdgeSound.Edge.Tests.Sinks;

public sealed class JsonlSinkTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-jsonl-");

    public void Dispose() => _folder.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_folder.FullName, name);

    // Reads while the sink still holds the file open for writing.
    private static string[] ReadLines(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }

    [Fact]
    public void Each_detection_is_one_json_line_with_all_fields_readable_before_the_sink_closes()
    {
        var path = PathOf("logs/events.jsonl");
        using var sink = new JsonlSink(new JsonlSinkSettings(path, Device: "kitchen-pi"));

        sink.OnDetection(SampleDetections.Dog);
        var afterOne = ReadLines(path);
        sink.OnDetection(SampleDetections.Dog with { Label = "rain", LevelDbfs = double.NegativeInfinity });
        var afterTwo = ReadLines(path);

        Assert.Single(afterOne);
        Assert.Equal(2, afterTwo.Length);
        using var first = JsonDocument.Parse(afterTwo[0]);
        var json = first.RootElement;
        Assert.Equal("2026-11-24T09:14:48.123Z", json.GetProperty("time").GetString());
        Assert.Equal(SampleDetections.Time, json.GetProperty("time").GetDateTimeOffset());
        Assert.Equal("dog", json.GetProperty("label").GetString());
        Assert.Equal(0.93f, json.GetProperty("confidence").GetSingle());
        Assert.Equal(12.5, json.GetProperty("start").GetDouble());
        Assert.Equal(13.5, json.GetProperty("end").GetDouble());
        Assert.Equal(-23.41, json.GetProperty("level_dbfs").GetDouble());
        Assert.Equal("kitchen-pi", json.GetProperty("device").GetString());
        Assert.Equal(7, json.EnumerateObject().Count());
        using var second = JsonDocument.Parse(afterTwo[1]);
        Assert.Equal(JsonValueKind.Null, second.RootElement.GetProperty("level_dbfs").ValueKind);
    }

    [Fact]
    public void Rotation_at_the_size_bound_keeps_the_newest_events_in_keep_plus_one_files()
    {
        var path = PathOf("events.jsonl");
        const int count = 60, maxBytes = 1024;
        using (var sink = new JsonlSink(new JsonlSinkSettings(path, Device: "pi", MaxBytes: maxBytes, Keep: 2)))
        {
            for (int i = 0; i < count; i++) sink.OnDetection(SampleDetections.Numbered(i));
        }

        Assert.Equal(["events.1.jsonl", "events.2.jsonl", "events.jsonl"], _folder.GetFiles().Select(f => f.Name).Order());
        // Rotated files were full up to one line (lines here are ~150 bytes); the live one is within the bound.
        Assert.All(_folder.GetFiles("events.?.jsonl"), f => Assert.InRange(f.Length, maxBytes - 200, maxBytes));
        Assert.InRange(new FileInfo(path).Length, 1, maxBytes);
        // Oldest file first, then newer: one unbroken run of events ending with the last one.
        var kept = new[] { "events.2.jsonl", "events.1.jsonl", "events.jsonl" }
            .SelectMany(name => ReadLines(PathOf(name)))
            .Select(line => JsonDocument.Parse(line).RootElement.GetProperty("start").GetDouble())
            .ToList();
        Assert.Equal(Enumerable.Range(count - kept.Count, kept.Count).Select(i => (double)i), kept);
        Assert.InRange(kept.Count, 10, count - 1);
    }

    [Fact]
    public void Reopening_appends_to_the_existing_file()
    {
        var path = PathOf("events.jsonl");
        using (var sink = new JsonlSink(new JsonlSinkSettings(path))) sink.OnDetection(SampleDetections.Numbered(1));
        using (var sink = new JsonlSink(new JsonlSinkSettings(path))) sink.OnDetection(SampleDetections.Numbered(2));

        Assert.Equal(["event1", "event2"], ReadLines(path).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("label").GetString()));
    }

    [Fact]
    public void A_folder_that_cannot_be_created_gives_an_error_naming_the_path()
    {
        // A regular file where a folder should be: unwritable even for root (tests may run as root).
        File.WriteAllText(PathOf("not-a-folder"), "x");
        var path = PathOf("not-a-folder/events.jsonl");

        var error = Assert.Throws<IOException>(() => new JsonlSink(new JsonlSinkSettings(path)));

        Assert.Contains($"'{path}'", error.Message);
        Assert.Contains("choose another JSONL path", error.Message);
    }
}
