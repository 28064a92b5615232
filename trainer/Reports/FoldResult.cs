using System.Text.Json;
using EdgeSound.Shared.IO;

namespace EdgeSound.Trainer.Reports;

/// <summary>
/// What one trained model scored. Written last (atomically) in its folder: its presence is what
/// <c>--resume</c> takes as "this fold is finished".
/// </summary>
public sealed record FoldResult
{
    /// <summary>The validation fold, or 0 for the final model trained on every cross-validation fold.</summary>
    public int Fold { get; init; }
    public double TrainLoss { get; init; }
    public double TrainAccuracy { get; init; }
    public double ValidationLoss { get; init; }
    public double ValidationAccuracy { get; init; }

    /// <summary>Accuracy on the test fold (for a fold model: the baseline's "optimistic" number; for the final model: the headline).</summary>
    public double TestAccuracy { get; init; }
    public double TestMacroF1 { get; init; }
    public long TrainableParameters { get; init; }
    public long NonTrainableParameters { get; init; }
    public double Seconds { get; init; }

    /// <summary>
    /// The trial's hyperparameters as the sweep file gave them (invariant text), so a resumed study can
    /// tell a finished model of an edited sweep file from one of the trial it plans now. Null in
    /// results written before this was recorded.
    /// </summary>
    public IReadOnlyDictionary<string, string>? Hyperparameters { get; init; }

    /// <summary>
    /// Why this fold model has no scores: its training loss stopped being a number (the message of
    /// <see cref="Training.TrainingDivergedException"/>). Null for a model that trained; its trial
    /// cannot be chosen, and the sweep goes on with its other trials.
    /// </summary>
    public string? Diverged { get; init; }

    // NaN marks "no validation fold" (the final model); JSON has no NaN literal, so allow the named form.
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals };

    public void Save(string path) => AtomicFile.WriteText(path, w => w.Write(JsonSerializer.Serialize(this, Json)));

    public static FoldResult? TryLoad(string path) => File.Exists(path) ? JsonSerializer.Deserialize<FoldResult>(File.ReadAllText(path), Json) : null;
}
