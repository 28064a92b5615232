using EdgeSound.Shared.Randomness;
using System.Text.Json;
using EdgeSound.Shared.Data;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Reports;
using EdgeSound.Trainer.Sweeps;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Study;

/// <summary>One trial's fold results and its final (retrained) result where it was the sweep's pick.</summary>
public sealed record TrialOutcome(string Sweep, TrialConfig Config, IReadOnlyList<FoldResult> Folds)
{
    public double MeanValidationAccuracy => Folds.Average(f => f.ValidationAccuracy);
}

/// <summary>A sweep's chosen trial, retrained on every cross-validation fold and tested once.</summary>
public sealed record SweepOutcome(string Sweep, IReadOnlyList<TrialOutcome> Trials, TrialOutcome Chosen, FoldResult Final);

/// <summary>
/// Runs the study: for each sweep, its trials on every cross-validation fold; the trial with the best
/// mean validation accuracy is retrained on all of them and scored once on the test fold. The test
/// fold never enters training or any choice (asserted before each model is trained). Finished models
/// are found by their result.json, so <c>--resume</c> continues where a killed run stopped.
/// </summary>
public sealed class StudyRunner
{
    private readonly StudySettings _settings;
    private readonly ClipStore _store;
    private readonly StudyLayout _layout;
    private readonly string _sweepFolder;
    private readonly IStudyObserver _observer;
    private readonly ModelRun _modelRun;
    private readonly WindowGeometry _geometry;

    public StudyRunner(StudySettings settings, ClipStore store, StudyLayout layout, string sweepFolder, Device device, IStudyObserver observer)
    {
        settings.Validate();
        _settings = settings;
        _store = store;
        _layout = layout;
        _sweepFolder = sweepFolder;
        _observer = observer;
        _geometry = new WindowGeometry(settings.Features, settings.WindowFrames, settings.HopFrames);
        _modelRun = new ModelRun(store, _geometry, device);
    }

    public WindowGeometry Geometry => _geometry;

    public IReadOnlyList<SweepOutcome> Run(CancellationToken cancel)
    {
        var plans = _settings.Sweeps.Select(PlanSweep).ToList();
        int modelCount = plans.Sum(p => p.Trials.Count * _settings.CrossValidationFolds.Length + 1);
        int modelIndex = 0;
        var outcomes = new List<SweepOutcome>();
        foreach (var (sweep, metric, trials) in plans)
        {
            var trialOutcomes = new List<TrialOutcome>();
            foreach (var trial in trials)
            {
                var folds = new List<FoldResult>();
                foreach (int validationFold in _settings.CrossValidationFolds)
                {
                    var trainFolds = _settings.CrossValidationFolds.Where(f => f != validationFold).ToArray();
                    var folder = _layout.FoldFolder(sweep, trial.Name, validationFold);
                    folds.Add(RunModel($"{sweep}/{trial.Name} fold {validationFold}", trial, folder, validationFold, trainFolds, ++modelIndex, modelCount,
                        Seed(sweep, trial.Name, validationFold), saveModel: false, cancel));
                }
                trialOutcomes.Add(new TrialOutcome(sweep, trial, folds));
            }

            // The choice reads the sweep's validation metric only; ties go to the earlier trial.
            var chosen = trialOutcomes.Aggregate((best, next) => metric.IsBetter(SelectionScore(next, metric), SelectionScore(best, metric)) ? next : best);
            var final = RunModel($"{sweep}/final ({chosen.Config.Name})", chosen.Config, _layout.FinalFolder(sweep), 0,
                _settings.CrossValidationFolds, ++modelIndex, modelCount, Seed(sweep, chosen.Config.Name, 0), saveModel: true, cancel);
            SaveFinalSpec(sweep, chosen.Config);
            outcomes.Add(new SweepOutcome(sweep, trialOutcomes, chosen, final));
        }
        return outcomes;
    }

    private FoldResult RunModel(string label, TrialConfig trial, string folder, int validationFold, int[] trainFolds,
        int modelIndex, int modelCount, ulong seed, bool saveModel, CancellationToken cancel)
    {
        var resultPath = Path.Combine(folder, ModelRun.ResultFile);
        var existing = FoldResult.TryLoad(resultPath);
        if (existing is not null)
        {
            _observer.ModelFinished(label, existing, resumed: true);
            return existing;
        }

        var train = _store.InFolds(trainFolds);
        var validation = validationFold == 0 ? null : _store.InFolds([validationFold]);
        var test = _store.InFolds([_settings.TestFold]);
        FoldGuard.AssertTestFoldIsolated(_settings.TestFold, train, validation);

        _observer.ModelStarted(label, modelIndex, modelCount, trial.Training.Epochs);
        var result = _modelRun.Run(trial, folder, validationFold, train, validation, test, seed, saveModel, _observer.EpochFinished, cancel);
        _observer.ModelFinished(label, result, resumed: false);
        return result;
    }

    private (string Sweep, SweepMetric Metric, IReadOnlyList<TrialConfig> Trials) PlanSweep(string sweep)
    {
        var path = Path.Combine(_sweepFolder, sweep + ".yaml");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Sweep file {path} not found. Sweeps ship in trainer/sweeps/: {string.Join(", ", Directory.EnumerateFiles(_sweepFolder, "*.yaml").Select(Path.GetFileNameWithoutExtension))}.", path);
        var definition = SweepFileParser.ParseFile(path);
        if (definition.Metric.Name is not ("val_acc" or "val_loss"))
            throw new ArgumentException($"{path}: metric '{definition.Metric.Name}' cannot choose a trial: use val_acc or val_loss (the test fold never chooses).");
        ulong sweepSeed = StableHash.Of(sweep, _settings.Seed);
        var sampler = new SweepSampler(definition, sweepSeed);
        // A sweep of constants (a baseline reproduction) is one trial: more would repeat it.
        int count = definition.Parameters.All(p => p is ConstantParameter) ? 1 : _settings.TrialsPerSweep;
        var trials = Enumerable.Range(1, count).Select(i => TrialConfig.From(
            TrialNames.For(sweepSeed, i), sampler.Sample(i), _geometry, _store.Classes.Count, _settings.Epochs, path)).ToList();
        return (sweep, definition.Metric, trials);
    }

    /// <summary>The sweep metric, averaged over the cross-validation folds; only validation metrics may choose.</summary>
    private static double SelectionScore(TrialOutcome trial, SweepMetric metric) => metric.Name switch
    {
        "val_acc" => trial.MeanValidationAccuracy,
        "val_loss" => trial.Folds.Average(f => f.ValidationLoss),
        _ => throw new InvalidOperationException($"unchecked sweep metric '{metric.Name}'"),
    };

    private ulong Seed(string sweep, string trial, int fold) => StableHash.Of($"{sweep}/{trial}/{fold}", _settings.Seed);

    private void SaveFinalSpec(string sweep, TrialConfig trial)
    {
        var card = new FinalModelCard(sweep, trial.Name, trial.Parameters.ToDictionary(p => p.Key, p => p.Value.ToString()!),
            trial.Model, _settings.Features.ToJson(), _settings.WindowFrames, _settings.HopFrames, _store.Classes.ToArray());
        card.Save(Path.Combine(_layout.FinalFolder(sweep), FinalModelCard.FileName));
    }
}
