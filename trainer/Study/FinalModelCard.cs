using System.Text.Json;
using EdgeSound.Trainer.Models;
using EdgeSound.Trainer.Reports;
using EdgeSound.Shared.IO;

namespace EdgeSound.Trainer.Study;

/// <summary>
/// Everything the export step needs beside the weights (model.pt): which sweep and trial, the
/// hyperparameters, the model spec, the feature configuration, the window geometry and the labels.
/// Written beside a sweep's final model and, since 2026-11-25, beside every fold model too (a
/// distilling study loads those as teachers).
/// </summary>
public sealed record FinalModelCard(string Sweep, string Trial, IReadOnlyDictionary<string, string> Hyperparameters, ModelSpec Model,
    string FeatureConfigJson, int WindowFrames, int HopFrames, string[] Classes)
{
    public const string FileName = "model.json";
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true };

    public void Save(string path) => AtomicFile.WriteText(path, w => w.Write(JsonSerializer.Serialize(this, Json)));

    public static FinalModelCard Load(string path)
    {
        try
        {
            return JsonSerializer.Deserialize<FinalModelCard>(File.ReadAllText(path))
                   ?? throw new InvalidDataException($"{path}: empty model card.");
        }
        catch (JsonException e)
        {
            throw new InvalidDataException($"{path}: not a model card written by the study ({e.Message}).", e);
        }
    }
}
