using EdgeSound.Shared.Randomness;
using System.Text.Json;
using EdgeSound.Shared.Data;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Models;
using EdgeSound.Trainer.Reports;
using EdgeSound.Trainer.Sweeps;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Study;

/// <summary>One trial's fold results and its final (retrained) result where it was the sweep's pick.</summary>
public sealed record TrialOutcome(string Sweep, TrialConfig Config, IReadOnlyList<FoldResult> Folds)
{
    /// <summary>NaN when a fold model diverged.</summary>
    public double MeanValidationAccuracy => Folds.Average(f => f.ValidationAccuracy);

    /// <summary>Whether any fold model's training diverged (<see cref="FoldResult.Diverged"/>): such a trial is never chosen.</summary>
    public bool Diverged => Folds.Any(f => f.Diverged is not null);
}

/// <summary>A sweep's chosen trial, retrained on every cross-validation fold and tested once.</summary>
public sealed record SweepOutcome(string Sweep, IReadOnlyList<TrialOutcome> Trials, TrialOutcome Chosen, FoldResult Final);

/// <summary>
/// Runs the study: for each sweep, its trials on every cross-validation fold; the trial with the best
/// mean validation accuracy is retrained on all of them and scored once on the test fold. The test
/// fold never enters training or any choice (asserted before each model is trained). Finished models
/// are found by their result.json, so <c>--resume</c> continues where a killed run stopped. The same
/// plan is exposed as <see cref="Jobs"/> and run one job at a time by <see cref="RunJob"/> for worker processes.
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
    private IReadOnlyList<SweepPlan>? _plans;
    private List<PlannedJob>? _jobs;

    public StudyRunner(StudySettings settings, ClipStore store, StudyLayout layout, string sweepFolder, Device device, IStudyObserver observer)
    {
        settings.Validate();
        var folds = store.Clips.Select(c => c.Fold).Distinct().Order().ToArray();
        foreach (int fold in settings.CrossValidationFolds.Append(settings.TestFold).Where(f => !folds.Contains(f)))
            throw new ArgumentException($"Fold {fold} has no clips in this dataset (its folds are {string.Join(", ", folds)}): choose --folds among them.");
        _settings = settings;
        _store = store;
        _layout = layout;
        _sweepFolder = sweepFolder;
        _observer = observer;
        _geometry = new WindowGeometry(settings.Features, settings.WindowFrames, settings.HopFrames);
        _modelRun = new ModelRun(store, _geometry, device, settings.Teachers.Count == 0 ? null : new TeacherEnsemble(settings.Teachers, settings));
    }

    /// <summary>
    /// Every model the study trains, in the order <see cref="Run"/> trains them: each sweep's trials
    /// on each cross-validation fold, then the sweep's final model (which depends on all of them).
    /// </summary>
    public IReadOnlyList<StudyJob> Jobs => Plan().Select(j => j.Job).ToList();

    public IReadOnlyList<SweepOutcome> Run(CancellationToken cancel)
    {
        var jobs = Plan();
        int modelIndex = 0;
        var outcomes = new List<SweepOutcome>();
        foreach (var plan in Plans())
        {
            var trialOutcomes = plan.Trials.Select(trial => new TrialOutcome(plan.Sweep, trial,
                _settings.CrossValidationFolds.Select(fold => RunFold(plan.Sweep, trial, fold, ++modelIndex, jobs.Count, cancel)).ToList())).ToList();
            outcomes.Add(RunFinal(plan, trialOutcomes, ++modelIndex, jobs.Count, cancel));
        }
        return outcomes;
    }

    /// <summary>
    /// Trains one job of <see cref="Jobs"/> by its key (what a worker process does). A final reads its
    /// sweep's fold results from disk to choose its trial, so every fold job must be finished first.
    /// </summary>
    /// <exception cref="ArgumentException">No job has this key.</exception>
    /// <exception cref="InvalidOperationException">A final's fold models are not all finished.</exception>
    public FoldResult RunJob(string key, CancellationToken cancel)
    {
        var jobs = Plan();
        int index = jobs.FindIndex(j => j.Job.Key == key);
        if (index < 0)
            throw new ArgumentException($"Job '{key}' is not in this study's plan (its jobs are keyed like {jobs[0].Job.Key} and {jobs.First(j => j.Trial is null).Job.Key}).");
        var planned = jobs[index];
        if (planned.Trial is not null)
            return RunFold(planned.Plan.Sweep, planned.Trial, planned.ValidationFold, index + 1, jobs.Count, cancel);

        var trialOutcomes = planned.Plan.Trials.Select(trial => new TrialOutcome(planned.Plan.Sweep, trial, _settings.CrossValidationFolds.Select(fold =>
        {
            var path = Path.Combine(_layout.FoldFolder(planned.Plan.Sweep, trial.Name, fold), ModelRun.ResultFile);
            return FoldResult.TryLoad(path) ?? throw new InvalidOperationException(
                $"{key} chooses among finished fold models, but {path} does not exist: train {planned.Plan.Sweep}/{trial.Name}/fold-{fold} first.");
        }).ToList())).ToList();
        return RunFinal(planned.Plan, trialOutcomes, index + 1, jobs.Count, cancel).Final;
    }

    private FoldResult RunFold(string sweep, TrialConfig trial, int validationFold, int modelIndex, int modelCount, CancellationToken cancel)
    {
        var trainFolds = _settings.CrossValidationFolds.Where(f => f != validationFold).ToArray();
        return RunModel(FoldLabel(sweep, trial, validationFold), trial, CardFor(sweep, trial), _layout.FoldFolder(sweep, trial.Name, validationFold), validationFold, trainFolds,
            modelIndex, modelCount, Seed(sweep, trial.Name, validationFold), cancel);
    }

    private SweepOutcome RunFinal(SweepPlan plan, List<TrialOutcome> trialOutcomes, int modelIndex, int modelCount, CancellationToken cancel)
    {
        // The choice reads the sweep's validation metric only, among trials that trained; ties go to the earlier trial.
        var candidates = trialOutcomes.Where(t => !t.Diverged).ToList();
        if (candidates.Count == 0)
            throw new InvalidOperationException($"Every trial of sweep {plan.Sweep} diverged, so there is none to choose; the first: {trialOutcomes[0].Folds.First(f => f.Diverged is not null).Diverged}");
        var chosen = candidates.Aggregate((best, next) => plan.Metric.IsBetter(SelectionScore(next, plan.Metric), SelectionScore(best, plan.Metric)) ? next : best);
        DiscardFinalOfAnotherTrial(plan.Sweep, chosen.Config.Name);
        // The card names the trial before its weights exist, so a resumed run knows whose final it finds.
        var card = CardFor(plan.Sweep, chosen.Config);
        Directory.CreateDirectory(_layout.FinalFolder(plan.Sweep));
        card.Save(Path.Combine(_layout.FinalFolder(plan.Sweep), FinalModelCard.FileName));
        var final = RunModel($"{FinalKey(plan.Sweep)} ({chosen.Config.Name})", chosen.Config, card, _layout.FinalFolder(plan.Sweep), 0,
            _settings.CrossValidationFolds, modelIndex, modelCount, Seed(plan.Sweep, chosen.Config.Name, 0), cancel);
        return new SweepOutcome(plan.Sweep, trialOutcomes, chosen, final);
    }

    /// <summary>
    /// A resumed run may choose another trial than the run that trained the final (trials were added,
    /// say): that final's weights and scores belong to the old choice and are removed, not reused.
    /// </summary>
    private void DiscardFinalOfAnotherTrial(string sweep, string chosenTrial)
    {
        var folder = _layout.FinalFolder(sweep);
        var cardPath = Path.Combine(folder, FinalModelCard.FileName);
        if (!File.Exists(cardPath)) return;
        var previous = FinalModelCard.Load(cardPath).Trial;
        if (previous == chosenTrial) return;
        _observer.Say($"{FinalKey(sweep)}: the chosen trial is now {chosenTrial}, not {previous}; its final model is trained afresh.");
        Directory.Delete(folder, recursive: true);
    }

    private FoldResult RunModel(string label, TrialConfig trial, FinalModelCard card, string folder, int validationFold, int[] trainFolds,
        int modelIndex, int modelCount, ulong seed, CancellationToken cancel)
    {
        var resultPath = Path.Combine(folder, ModelRun.ResultFile);
        var existing = FoldResult.TryLoad(resultPath);
        if (existing is not null)
        {
            if (existing.Hyperparameters is { } recorded && !SameHyperparameters(recorded, trial.HyperparameterText()))
                throw new InvalidOperationException(
                    $"{resultPath} was trained with other hyperparameters than {label} has now ({Describe(recorded)} vs {Describe(trial.HyperparameterText())}): " +
                    "was the sweep file edited? Restore it, or start another --out.");
            _observer.ModelFinished(label, existing, resumed: true);
            return existing;
        }

        var train = _store.InFolds(trainFolds);
        var validation = validationFold == 0 ? null : _store.InFolds([validationFold]);
        var test = _store.InFolds([_settings.TestFold]);
        FoldGuard.AssertTestFoldIsolated(_settings.TestFold, train, validation);

        _observer.ModelStarted(label, modelIndex, modelCount, trial.Training.Epochs);
        var result = LibTorchRetry.Once(label,
            () => _modelRun.Run(trial, card, folder, validationFold, train, validation, test, seed, stats => _observer.EpochFinished(label, stats), cancel),
            _observer.Say);
        _observer.ModelFinished(label, result, resumed: false);
        return result;
    }

    private static bool SameHyperparameters(IReadOnlyDictionary<string, string> a, IReadOnlyDictionary<string, string> b) =>
        a.Count == b.Count && a.All(kv => b.TryGetValue(kv.Key, out var v) && v == kv.Value);

    private static string Describe(IReadOnlyDictionary<string, string> hyperparameters) =>
        string.Join(", ", hyperparameters.Select(kv => $"{kv.Key}={kv.Value}"));

    private IReadOnlyList<SweepPlan> Plans() => _plans ??= _settings.Sweeps.Select(PlanSweep).ToList();

    /// <summary>The jobs in training order; the one place keys, labels, folders and dependencies are decided.</summary>
    private List<PlannedJob> Plan()
    {
        if (_jobs is not null) return _jobs;
        var jobs = new List<PlannedJob>();
        foreach (var plan in Plans())
        {
            var foldKeys = new List<string>();
            foreach (var trial in plan.Trials)
            foreach (int fold in _settings.CrossValidationFolds)
            {
                var key = $"{plan.Sweep}/{trial.Name}/fold-{fold}";
                foldKeys.Add(key);
                jobs.Add(new PlannedJob(new StudyJob(key, FoldLabel(plan.Sweep, trial, fold), _layout.FoldFolder(plan.Sweep, trial.Name, fold), []), plan, trial, fold));
            }
            jobs.Add(new PlannedJob(new StudyJob(FinalKey(plan.Sweep), FinalKey(plan.Sweep), _layout.FinalFolder(plan.Sweep), foldKeys), plan, null, 0));
        }
        var spaced = jobs.FirstOrDefault(j => j.Job.Key.Any(char.IsWhiteSpace));
        if (spaced is not null)
            throw new ArgumentException($"Job '{spaced.Job.Key}': sweep and trial names must not contain white space (rename the sweep file).");
        return _jobs = jobs;
    }

    private static string FoldLabel(string sweep, TrialConfig trial, int fold) => $"{sweep}/{trial.Name} fold {fold}";

    private static string FinalKey(string sweep) => $"{sweep}/final";

    private sealed record SweepPlan(string Sweep, SweepMetric Metric, IReadOnlyList<TrialConfig> Trials);

    /// <summary>A job and what runs it: a trial and its validation fold, or (Trial null) the sweep's final.</summary>
    private sealed record PlannedJob(StudyJob Job, SweepPlan Plan, TrialConfig? Trial, int ValidationFold);

    private SweepPlan PlanSweep(string sweep)
    {
        var path = Path.Combine(_sweepFolder, sweep + ".yaml");
        if (!File.Exists(path))
            throw new FileNotFoundException($"Sweep file {path} not found. Sweeps ship in trainer/sweeps/: {string.Join(", ", Directory.EnumerateFiles(_sweepFolder, "*.yaml").Select(Path.GetFileNameWithoutExtension))}.", path);
        var definition = SweepFileParser.ParseFile(path);
        if (definition.Metric.Name is not ("val_acc" or "val_loss"))
            throw new ArgumentException($"{path}: metric '{definition.Metric.Name}' cannot choose a trial: use val_acc or val_loss (the test fold never chooses).");
        var sensibleGoal = definition.Metric.Name == "val_acc" ? MetricGoal.Maximize : MetricGoal.Minimize;
        if (definition.Metric.Goal != sensibleGoal)
            throw new ArgumentException($"{path}: metric {definition.Metric.Name} with goal {definition.Metric.Goal.ToString().ToLowerInvariant()} would choose the worst trial: use goal: {sensibleGoal.ToString().ToLowerInvariant()}.");
        ulong sweepSeed = StableHash.Of(sweep, _settings.Seed);
        var sampler = new SweepSampler(definition, sweepSeed);
        // A sweep of constants (a baseline reproduction) is one trial: more would repeat it.
        int count = sampler.DrawsOneConfiguration ? 1 : _settings.TrialsPerSweep;
        TrialConfig Trial(int i, IReadOnlyDictionary<string, object> parameters) =>
            TrialConfig.From(TrialNames.For(sweepSeed, i), parameters, _geometry, _store.Classes.Count, _settings.Epochs, path, _settings.EmaDecay,
                _settings.Teachers.Count == 0 ? null : _settings.Distillation);
        Func<int, IReadOnlyDictionary<string, object>> draw = sampler.Sample;
        if (_settings.MaxTrainableParameters is { } budget)
        {
            // Counted through the trial's own config, so a draw the model cannot be built from is named by its trial.
            draw = i => new SizeBoundedSampler(sampler, budget, parameters => TrainableParameters(Trial(i, parameters).Model)).Sample(i, path);
        }
        var trials = Enumerable.Range(1, count).Select(i => Trial(i, draw(i))).ToList();
        return new SweepPlan(sweep, definition.Metric, trials);
    }

    private static long TrainableParameters(ModelSpec spec)
    {
        using var model = ModelFactory.Create(spec);
        return ParameterCounts.Of(model).Trainable;
    }

    /// <summary>The sweep metric, averaged over the cross-validation folds; only validation metrics may choose.</summary>
    private static double SelectionScore(TrialOutcome trial, SweepMetric metric) => metric.Name switch
    {
        "val_acc" => trial.MeanValidationAccuracy,
        "val_loss" => trial.Folds.Average(f => f.ValidationLoss),
        _ => throw new InvalidOperationException($"unchecked sweep metric '{metric.Name}'"),
    };

    private ulong Seed(string sweep, string trial, int fold) => StableHash.Of($"{sweep}/{trial}/{fold}", _settings.Seed);

    private FinalModelCard CardFor(string sweep, TrialConfig trial) => new(sweep, trial.Name, trial.HyperparameterText(),
        trial.Model, _settings.Features.ToJson(), _settings.WindowFrames, _settings.HopFrames, _store.Classes.ToArray());
}
