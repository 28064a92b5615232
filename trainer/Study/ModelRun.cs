using EdgeSound.Shared.Models;
using System.Diagnostics;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Metrics;
using EdgeSound.Trainer.Models;
using EdgeSound.Trainer.Reports;
using EdgeSound.Trainer.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Study;

/// <summary>
/// Trains one model of a trial in its own folder — either a cross-validation fold model (validated
/// on its held-out fold) or the final model (trained on every cross-validation fold) — then scores
/// it on the test fold and writes epochs.csv, TensorBoard events, predictions, its weights and card
/// (model.pt, model.json: every model can be exported, or teach another study) and result.json.
/// Seeded from the trial and fold alone, so a resumed study redoes a fold bit for bit.
/// </summary>
public sealed class ModelRun(ClipStore store, WindowGeometry geometry, Device device, TeacherEnsemble? teachers = null)
{
    public const string ResultFile = "result.json";
    public const string ModelFile = "model.pt";
    public const string ValidationPredictionsFile = "val_predictions.csv";
    public const string TestPredictionsFile = "test_predictions.csv";

    // A fold's scored windows depend only on the clips and the input kind, not on the trial:
    // built once per (kind, folds) instead of once per model.
    private readonly Dictionary<(InputKind, string), EvaluationSet> _evaluationSets = [];

    private EvaluationSet EvaluationSetFor(IReadOnlyList<LoadedClip> clips, ModelInputBuilder builder)
    {
        var key = (builder.Kind, string.Join(",", clips.Select(c => c.Fold).Distinct().Order()));
        if (!_evaluationSets.TryGetValue(key, out var set))
            _evaluationSets[key] = set = EvaluationSet.Build(clips, builder);
        return set;
    }

    public FoldResult Run(TrialConfig trial, FinalModelCard card, string folder, int validationFold, IReadOnlyList<LoadedClip> train,
        IReadOnlyList<LoadedClip>? validation, IReadOnlyList<LoadedClip> test, ulong seed,
        Action<EpochStats>? onEpoch, CancellationToken cancel)
    {
        var clock = Stopwatch.StartNew();
        Directory.CreateDirectory(folder);
        // A fold that was interrupted restarts from nothing: no half-written curve survives (the
        // epoch log below starts over too).
        var tensorboard = Path.Combine(folder, "tensorboard");
        if (Directory.Exists(tensorboard)) Directory.Delete(tensorboard, recursive: true);

        // Built before seeding: a teacher draws random initial weights before its own are loaded, and
        // must not move the student's random stream (a student's batches, weights and dropout are those
        // of the same trial without a teacher).
        using var teacher = teachers?.Load(validationFold, trial.Model, device);
        torch.manual_seed((long)(seed & 0x7FFF_FFFF_FFFF_FFFF));
        using var model = ModelFactory.Create(trial.Model);
        model.to(device);
        var counts = ParameterCounts.Of(model);

        var builder = new ModelInputBuilder(geometry, trial.Model.InputKind);
        var validationSet = validation is null ? null : EvaluationSetFor(validation, builder);
        var testSet = EvaluationSetFor(test, builder);
        var sampler = new TrainingBatchSampler(train, builder, trial.Training.Augmentation, store.Classes.Count, (int)(seed % int.MaxValue));
        using var trainer = new ModelTrainer(model, trial.Training, builder.RowShape, store.Classes.Count, device, teacher?.Module);

        EpochStats? last = null;
        ClipPredictions? validationPredictions;
        try
        {
            using var log = EpochLog.Create(Path.Combine(folder, "epochs.csv"));
            var writer = torch.utils.tensorboard.SummaryWriter(tensorboard);
            validationPredictions = trainer.Fit(sampler, validationSet, stats =>
            {
                last = stats;
                log.Append(new EpochRow(stats.Epoch, stats.TrainLoss, stats.TrainAccuracy, stats.ValidationLoss, stats.ValidationAccuracy, stats.LearningRate, stats.Seconds));
                writer.add_scalar("loss/train", (float)stats.TrainLoss, stats.Epoch);
                writer.add_scalar("accuracy/train", (float)stats.TrainAccuracy, stats.Epoch);
                if (!double.IsNaN(stats.ValidationLoss))
                {
                    writer.add_scalar("loss/validation", (float)stats.ValidationLoss, stats.Epoch);
                    writer.add_scalar("accuracy/validation", (float)stats.ValidationAccuracy, stats.Epoch);
                }
                onEpoch?.Invoke(stats);
            }, cancel);
        }
        catch (TrainingDivergedException diverged) when (validation is not null)
        {
            // A random search can draw a learning rate its model cannot take: that trial drops out of
            // the choice and the sweep goes on. A final model has no other trial to fall back on.
            var failed = new FoldResult
            {
                Fold = validationFold,
                TrainLoss = double.NaN, TrainAccuracy = double.NaN, ValidationLoss = double.NaN, ValidationAccuracy = double.NaN,
                TestAccuracy = double.NaN, TestMacroF1 = double.NaN,
                TrainableParameters = counts.Trainable,
                NonTrainableParameters = counts.NonTrainable,
                Seconds = clock.Elapsed.TotalSeconds,
                Hyperparameters = trial.HyperparameterText(),
                Diverged = diverged.Message,
            };
            failed.Save(Path.Combine(folder, ResultFile));
            return failed;
        }

        // The saved predictions are the numbers: the result below is computed from exactly these.
        var testPredictions = ClipEvaluator.Evaluate(model, testSet, builder.RowShape, store.Classes.Count, device, trial.Training.EvaluationBatchSize);
        PredictionsFile.Write(Path.Combine(folder, TestPredictionsFile), testPredictions, store.Classes);
        if (validationPredictions is not null)
            PredictionsFile.Write(Path.Combine(folder, ValidationPredictionsFile), validationPredictions, store.Classes);
        model.save(Path.Combine(folder, ModelFile));
        card.Save(Path.Combine(folder, FinalModelCard.FileName));

        var result = new FoldResult
        {
            Fold = validationFold,
            TrainLoss = last!.TrainLoss,
            TrainAccuracy = last.TrainAccuracy,
            ValidationLoss = validationPredictions?.Loss() ?? double.NaN,
            ValidationAccuracy = validationPredictions?.Accuracy() ?? double.NaN,
            TestAccuracy = testPredictions.Accuracy(),
            TestMacroF1 = MacroF1.Compute(testPredictions.Truth, testPredictions.Predicted(), store.Classes.Count),
            TrainableParameters = counts.Trainable,
            NonTrainableParameters = counts.NonTrainable,
            Seconds = clock.Elapsed.TotalSeconds,
            Hyperparameters = trial.HyperparameterText(),
        };
        result.Save(Path.Combine(folder, ResultFile));
        return result;
    }
}
