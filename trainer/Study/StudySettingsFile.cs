using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeSound.Trainer.Study;

/// <summary>
/// study.json: the settings that decide a run's numbers, written when a run starts. The one place its
/// fields are named, for the run's own --resume check and for a later study that reads the run as a teacher.
/// </summary>
public static class StudySettingsFile
{
    private const string TestFold = "test_fold", CrossValidationFolds = "cross_validation_folds", Features = "features", WindowFrames = "window_frames";

    /// <summary>The file's text for <paramref name="settings"/> on this data, thread count and device.</summary>
    public static string Render(StudySettings settings, string description, int threads, string device)
    {
        var recorded = new JsonObject
        {
            ["seed"] = settings.Seed, ["epochs"] = settings.Epochs, [TestFold] = settings.TestFold,
            [CrossValidationFolds] = new JsonArray([.. settings.CrossValidationFolds.Select(f => (JsonNode)f)]),
            [WindowFrames] = settings.WindowFrames, ["hop_frames"] = settings.HopFrames, ["clips_per_class_per_fold"] = settings.ClipsPerClassPerFold,
            [Features] = settings.Features.Hash, ["data"] = description, ["threads"] = threads, ["device"] = device,
        };
        // Written only when on, so run folders from before weight averaging and teachers existed still resume.
        if (settings.EmaDecay > 0) recorded["ema_decay"] = settings.EmaDecay;
        if (settings.Teachers.Count > 0)
        {
            // One teacher as a string, as runs recorded it before several could teach together.
            recorded["teacher"] = settings.Teachers.Count == 1 ? settings.Teachers[0] : new JsonArray([.. settings.Teachers.Select(t => (JsonNode)t)]);
            recorded["distillation_weight"] = settings.Distillation.Weight;
            recorded["distillation_temperature"] = settings.Distillation.Temperature;
        }
        return recorded.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>What decides which clips a run's models saw and what input they read.</summary>
    public sealed record Protocol(int TestFold, int[] CrossValidationFolds, string Features, int WindowFrames);

    /// <summary>Reads <see cref="Protocol"/> from a run's study.json at <paramref name="path"/>.</summary>
    public static Protocol ReadProtocol(string path)
    {
        using var recorded = JsonDocument.Parse(File.ReadAllText(path));
        var root = recorded.RootElement;
        return new Protocol(root.GetProperty(TestFold).GetInt32(),
            [.. root.GetProperty(CrossValidationFolds).EnumerateArray().Select(f => f.GetInt32())],
            root.GetProperty(Features).GetString()!, root.GetProperty(WindowFrames).GetInt32());
    }
}
