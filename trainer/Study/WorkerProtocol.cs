using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeSound.Trainer.Training;

namespace EdgeSound.Trainer.Study;

/// <summary>A line a worker process writes on its stdout about one job.</summary>
public abstract record WorkerMessage(string Key);

/// <summary><c>started KEY EPOCHS LABEL</c>: the worker began training the job (the label can hold spaces, so it comes last).</summary>
public sealed record JobStarted(string Key, int Epochs, string Label) : WorkerMessage(Key);

/// <summary><c>epoch KEY {json}</c>: an epoch of the job finished.</summary>
public sealed record JobEpoch(string Key, EpochStats Stats) : WorkerMessage(Key);

/// <summary><c>done KEY</c>: the job's result.json is written.</summary>
public sealed record JobDone(string Key) : WorkerMessage(Key);

/// <summary><c>failed KEY MESSAGE</c>: the job threw; the worker exits after this line.</summary>
public sealed record JobFailed(string Key, string Message) : WorkerMessage(Key);

/// <summary>
/// The line protocol between the study coordinator and its worker processes. The coordinator writes
/// job keys to a worker's stdin, one per line; the worker answers with the lines formatted here on its
/// stdout. Keys never hold white space (the plan refuses such names), so a line splits on spaces.
/// </summary>
public static class WorkerProtocol
{
    // NaN is the final model's validation loss; JSON has no NaN literal, so allow the named form.
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public static string Started(string key, int epochs, string label) =>
        string.Create(CultureInfo.InvariantCulture, $"started {CheckKey(key)} {epochs} {OneLine(label)}");

    public static string Epoch(string key, EpochStats stats) => $"epoch {CheckKey(key)} {JsonSerializer.Serialize(stats, Json)}";

    public static string Done(string key) => $"done {CheckKey(key)}";

    public static string Failed(string key, string message) => $"failed {CheckKey(key)} {OneLine(message)}";

    /// <summary>Reads one line of a worker's stdout; null when it is not a protocol line (e.g. a native library's chatter).</summary>
    public static WorkerMessage? Parse(string line)
    {
        var parts = line.Split(' ', 3);
        if (parts.Length < 2 || parts[1].Length == 0) return null;
        string key = parts[1], rest = parts.Length == 3 ? parts[2] : "";
        switch (parts[0])
        {
            case "done" when parts.Length == 2:
                return new JobDone(key);
            case "failed":
                return new JobFailed(key, rest);
            case "started":
                var fields = rest.Split(' ', 2);
                return fields.Length == 2 && int.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out int epochs)
                    ? new JobStarted(key, epochs, fields[1]) : null;
            case "epoch":
                try
                {
                    return JsonSerializer.Deserialize<EpochStats>(rest, Json) is { } stats ? new JobEpoch(key, stats) : null;
                }
                catch (JsonException)
                {
                    return null;
                }
            default:
                return null;
        }
    }

    private static string CheckKey(string key) => key.Length > 0 && !key.Any(char.IsWhiteSpace)
        ? key : throw new ArgumentException($"Job key '{key}' is empty or holds white space; it cannot travel in the worker protocol.", nameof(key));

    private static string OneLine(string text) => string.Join(" | ", text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
}
