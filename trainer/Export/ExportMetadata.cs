using System.Text.Json;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.Models;
using EdgeSound.Trainer.Reports;
using EdgeSound.Trainer.Study;

namespace EdgeSound.Trainer.Export;

/// <summary>Builds the <see cref="ModelMetadata"/> an exported model carries from a study's model card and result.</summary>
public static class ExportMetadata
{
    /// <summary>
    /// Labels, features, window geometry and input kind from <paramref name="card"/>; the run (sweep,
    /// trial, hyperparameters) as JSON; the test accuracy and macro F1 from <paramref name="result"/>
    /// when there is one ("{}" otherwise); precision float32.
    /// </summary>
    /// <exception cref="InvalidDataException">The card's feature configuration is not valid; <paramref name="cardPath"/> names the file.</exception>
    public static ModelMetadata From(FinalModelCard card, FoldResult? result, string cardPath)
    {
        FeatureConfig features;
        try
        {
            features = FeatureConfig.FromJson(card.FeatureConfigJson);
            features.Validate();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or JsonException)
        {
            throw new InvalidDataException($"{cardPath}: FeatureConfigJson is not a valid feature configuration ({e.Message}).", e);
        }

        var run = JsonSerializer.Serialize(new
        {
            sweep = card.Sweep,
            trial = card.Trial,
            hyperparameters = card.Hyperparameters,
        });
        var metrics = result is null
            ? "{}"
            : JsonSerializer.Serialize(new { test_accuracy = result.TestAccuracy, test_macro_f1 = result.TestMacroF1 });

        return new ModelMetadata
        {
            Labels = card.Classes,
            Features = features,
            WindowFrames = card.WindowFrames,
            HopFrames = card.HopFrames,
            InputKind = card.Model.InputKind,
            RunJson = run,
            MetricsJson = metrics,
            Precision = "float32",
        };
    }
}
