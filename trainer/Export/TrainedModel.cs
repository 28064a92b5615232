using EdgeSound.Trainer.Models;
using EdgeSound.Trainer.Reports;
using EdgeSound.Trainer.Study;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Export;

/// <summary>
/// A study's final model as written to &lt;study&gt;/&lt;sweep&gt;/final/ or winner/: the weights
/// (model.pt), the card (model.json) and, when present, the result (result.json), rebuilt with
/// <see cref="ModelFactory"/> and loaded, in eval mode. Dispose it to free the module.
/// </summary>
public sealed class TrainedModel : IDisposable
{
    private TrainedModel(nn.Module<Tensor, Tensor> module, FinalModelCard card, FoldResult? result, string weightsPath, string cardPath)
    {
        Module = module;
        Card = card;
        Result = result;
        WeightsPath = weightsPath;
        CardPath = cardPath;
    }

    /// <summary>The rebuilt module with the trained weights, in eval mode.</summary>
    public nn.Module<Tensor, Tensor> Module { get; }

    /// <summary>The model card the module was rebuilt from.</summary>
    public FinalModelCard Card { get; }

    /// <summary>The final model's result.json beside the weights, if there is one.</summary>
    public FoldResult? Result { get; }

    /// <summary>Where the weights came from.</summary>
    public string WeightsPath { get; }

    /// <summary>Where the card came from.</summary>
    public string CardPath { get; }

    /// <summary>
    /// Loads from <paramref name="modelPath"/> (a folder holding model.pt, or the model.pt file) and
    /// <paramref name="cardPath"/> (default: model.json beside the weights).
    /// </summary>
    /// <exception cref="FileNotFoundException">The weights or the card is missing (the message names it).</exception>
    /// <exception cref="InvalidDataException">The card, result or weights cannot be read or do not fit together (the message names the file).</exception>
    public static TrainedModel Load(string modelPath, string? cardPath = null)
    {
        var weightsPath = Directory.Exists(modelPath) ? Path.Combine(modelPath, ModelRun.ModelFile) : modelPath;
        weightsPath = Path.GetFullPath(weightsPath);
        if (!File.Exists(weightsPath))
            throw new FileNotFoundException($"{weightsPath}: no such weights file. Pass --model a study's final/ or winner/ folder, or its {ModelRun.ModelFile}.", weightsPath);
        var folder = Path.GetDirectoryName(weightsPath)!;
        cardPath = Path.GetFullPath(cardPath ?? Path.Combine(folder, FinalModelCard.FileName));
        if (!File.Exists(cardPath))
            throw new FileNotFoundException($"{cardPath}: no such model card. The study writes {FinalModelCard.FileName} beside {ModelRun.ModelFile}; pass it with --card if it lives elsewhere.", cardPath);

        var card = LoadCard(cardPath);
        var result = LoadResult(Path.Combine(folder, ModelRun.ResultFile));
        var module = ModelFactory.Create(card.Model);
        try
        {
            module.load(weightsPath);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            module.Dispose();
            // TorchSharp reports a foreign or damaged file in many ways (end of stream, mismatched names or shapes).
            throw new InvalidDataException(
                $"{weightsPath}: cannot load these weights into the {card.Model.Architecture} model that {cardPath} describes ({e.GetType().Name}: {e.Message}). " +
                $"Use the {ModelRun.ModelFile} the study wrote together with that card.", e);
        }
        module.eval();
        return new TrainedModel(module, card, result, weightsPath, cardPath);
    }

    /// <inheritdoc/>
    public void Dispose() => Module.Dispose();

    private static FinalModelCard LoadCard(string path)
    {
        FinalModelCard? card;
        try
        {
            card = FinalModelCard.Load(path);
        }
        catch (Exception e) when (e is NotSupportedException or ArgumentException)
        {
            throw new InvalidDataException($"{path}: not a model card written by the study ({e.Message}).", e);
        }
        // System.Text.Json leaves missing members null; a card without them cannot rebuild a model.
        if (card.Model is null || card.Classes is null || card.FeatureConfigJson is null || card.Hyperparameters is null)
            throw new InvalidDataException($"{path}: the model card lacks Model, Classes, FeatureConfigJson or Hyperparameters; re-create it with 'edgesound-trainer study'.");
        var problems = card.Model.FindProblems();
        if (problems.Count > 0)
            throw new InvalidDataException($"{path}: the model spec is invalid: {string.Join(" ", problems)}");
        return card;
    }

    private static FoldResult? LoadResult(string path)
    {
        try
        {
            return FoldResult.TryLoad(path);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new InvalidDataException($"{path}: not a result file written by the study ({e.Message}); move it away to export without metrics.", e);
        }
    }
}
