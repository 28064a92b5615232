using System.Diagnostics;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Inference;

namespace EdgeSound.Trainer.Evaluation;

/// <summary>
/// Scores every clip of one fold with one or more exported models, through the path the device
/// takes for a file (<see cref="ClipClassifier"/>: shared resampler, scoring windows, model inputs,
/// ONNX Runtime, mean of window probabilities). Each clip is read once and scored by every model.
/// </summary>
public static class FoldEvaluator
{
    /// <summary>Evaluates the models at <paramref name="modelPaths"/> on fold <paramref name="fold"/> of <paramref name="index"/>.</summary>
    /// <param name="index">The dataset.</param>
    /// <param name="fold">The fold to score.</param>
    /// <param name="modelPaths">The ONNX files, in report order.</param>
    /// <param name="options">How ONNX Runtime runs each model (default: one thread, all optimisations).</param>
    /// <param name="progress">Called after each clip with (clips done, clips in the fold).</param>
    /// <exception cref="ArgumentException">No models, or the fold is not one of the dataset's.</exception>
    /// <exception cref="InvalidDataException">A model cannot be loaded, or its labels are not the dataset's classes.</exception>
    /// <exception cref="EdgeSound.Shared.Models.ModelMetadataException">A model lacks usable EdgeSound metadata.</exception>
    public static FoldEvaluation Evaluate(DatasetIndex index, int fold, IReadOnlyList<string> modelPaths,
        OnnxClassifierOptions? options = null, Action<int, int>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(index);
        ArgumentNullException.ThrowIfNull(modelPaths);
        if (modelPaths.Count == 0) throw new ArgumentException("Give at least one model to evaluate (--model FILE.onnx).");
        if (fold < 1 || fold > index.FoldCount)
            throw new ArgumentException($"Fold {fold} does not exist: {index.Description} has folds 1..{index.FoldCount}.");
        var clips = index.ClipsInFolds(fold);
        if (clips.Count == 0) throw new ArgumentException($"Fold {fold} of {index.Description} holds no clips.");

        var models = new List<OnnxWindowClassifier>();
        try
        {
            foreach (var path in modelPaths)
            {
                var model = OnnxWindowClassifier.Open(path, options);
                models.Add(model);
                CheckLabels(model, index);
            }
            return Score(index, fold, clips, models, progress);
        }
        finally
        {
            foreach (var model in models) model.Dispose();
        }
    }

    private static FoldEvaluation Score(DatasetIndex index, int fold, IReadOnlyList<ClipRecord> clips, List<OnnxWindowClassifier> models, Action<int, int>? progress)
    {
        var scorers = models.Select(m => new ClipClassifier(m)).ToArray();
        var predicted = models.Select(_ => new int[clips.Count]).ToArray();
        var confidence = models.Select(_ => new float[clips.Count]).ToArray();
        var clocks = models.Select(_ => new Stopwatch()).ToArray();
        for (int c = 0; c < clips.Count; c++)
        {
            var audio = WavReader.Read(clips[c].AudioPath);
            for (int m = 0; m < models.Count; m++)
            {
                clocks[m].Start();
                // The dataset file name names the clip, as in the trainer: it seeds the masking of digital silence.
                var score = scorers[m].Score(audio.Samples, audio.SampleRate, clips[c].FileName);
                clocks[m].Stop();
                predicted[m][c] = score.TopIndex;
                confidence[m][c] = score.Confidence;
            }
            progress?.Invoke(c + 1, clips.Count);
        }

        var truth = clips.Select(c => c.ClassIndex).ToArray();
        var names = DisplayNames(models.Select(m => m.ModelPath).ToList());
        var evaluations = models.Select((model, m) => new ModelEvaluation(names[m], model.ModelPath, model.Metadata.Precision,
            truth, predicted[m], confidence[m], index.Classes.Count, clocks[m].Elapsed.TotalSeconds)).ToList();
        return new FoldEvaluation(index.Description, fold, index.Classes, clips.Select(c => c.FileName).ToList(), truth, evaluations);
    }

    /// <summary>The model's outputs must mean the dataset's classes, in the same order, or every metric would be wrong.</summary>
    private static void CheckLabels(OnnxWindowClassifier model, DatasetIndex index)
    {
        if (model.Metadata.Labels.SequenceEqual(index.Classes, StringComparer.Ordinal)) return;
        throw new InvalidDataException(
            $"{model.ModelPath}: the model's labels [{string.Join(", ", model.Metadata.Labels)}] are not the classes of {index.Description} " +
            $"[{string.Join(", ", index.Classes)}] in the same order. Evaluate it on the dataset it was trained on (check --data and --subset).");
    }

    /// <summary>File names when they are unique, otherwise the paths as given.</summary>
    internal static IReadOnlyList<string> DisplayNames(IReadOnlyList<string> paths)
    {
        var fileNames = paths.Select(Path.GetFileName).ToList();
        return fileNames.Distinct(StringComparer.Ordinal).Count() == fileNames.Count ? fileNames! : paths;
    }
}
