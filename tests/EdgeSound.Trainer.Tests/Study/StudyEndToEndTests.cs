using System.Globalization;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Tests.Support;
using EdgeSound.Trainer.Cli;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Export;
using EdgeSound.Trainer.Reports;
using EdgeSound.Trainer.Study;
using EdgeSound.Trainer.Training;
using Xunit;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Tests.Study;

/// <summary>
/// One uninterrupted in-process study, run on first use and shared by the tests of
/// <see cref="StudyEndToEndTests"/> (which only read it): each run costs half a minute on two busy cores.
/// </summary>
public sealed class CompleteStudyRun : IDisposable
{
    private readonly Lazy<string> _root;

    public CompleteStudyRun() => _root = new Lazy<string>(() => StudyEndToEndTests.Run(Path.Combine(Folder.FullName, "complete")));

    public DirectoryInfo Folder { get; } = Directory.CreateTempSubdirectory("edgesound-study-");

    /// <summary>The run's folder (the study runs now if no test needed it before).</summary>
    public StudyLayout Layout => new(_root.Value);

    public void Dispose() => Folder.Delete(recursive: true);
}

/// <summary>
/// The study end to end on a small subset of the real ESC-10 (2 clips per class per fold, 2 trials,
/// 4 folds, 2 epochs): every artefact exists, the table's accuracies are the ones the saved
/// predictions give, a resumed run reproduces an uninterrupted one, and so does a run in worker processes.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class StudyEndToEndTests(CompleteStudyRun shared) : IClassFixture<CompleteStudyRun>, IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-study-");
    private static readonly string SweepFolder = Path.Combine(AppContext.BaseDirectory, "sweeps");
    // With a size budget, so the planning that redraws a too-large trial runs here too (in the
    // coordinator and, in the workers test, in worker processes given --max-parameters).
    private static readonly StudySettings Settings = StudySettings.Preset("ci") with { MaxTrainableParameters = 60_000 };

    public void Dispose() => _folder.Delete(recursive: true);

    private static LocatedDataset Data() => DatasetLocator.Locate(Esc10Data.RootOrSkip(), EscSubset.Esc10, syntheticFolder: "unused");

    internal static string Run(string folder, bool resume = false, int workers = 1, CancellationToken cancel = default)
    {
        int code = StudyCommand.Run(Settings, Data(), SweepFolder, folder, resume, "cpu", threads: 1, workers, cancel);
        Assert.Equal(0, code);
        return folder;
    }

    [SkippableFact]
    public void A_small_real_study_writes_every_artefact_and_its_table_matches_its_predictions()
    {
        Esc10Data.RootOrSkip();
        var layout = shared.Layout;
        var classes = Esc50DatasetReader.Read(Esc10Data.RootOrSkip(), EscSubset.Esc10).Classes;

        foreach (var file in new[] { layout.SettingsFile, layout.ResultsCsv, layout.ResultsMarkdown, layout.Report, layout.Log,
                     Path.Combine(layout.Figures, "arch1-curves.png"), Path.Combine(layout.Figures, "arch1-confusion.png"),
                     Path.Combine(layout.Figures, "arch1-roc.png"), Path.Combine(layout.Winner, "model.pt"), Path.Combine(layout.Winner, "model.json") })
            Assert.True(File.Exists(file) && new FileInfo(file).Length > 0, $"missing or empty: {file}");

        var rows = File.ReadAllLines(layout.ResultsCsv).Select(CsvText.Split).ToList();
        var header = rows[0];
        Assert.Equal(3, rows.Count); // header + 2 trials
        foreach (var row in rows.Skip(1))
        {
            var trial = row[header.IndexOf("run")].Split('/')[1];
            var valAccuracies = new List<double>();
            var testAccuracies = new List<double>();
            foreach (int fold in Settings.CrossValidationFolds)
            {
                var folder = layout.FoldFolder("arch1", trial, fold);
                Assert.Equal(Settings.Epochs, EpochLog.Read(Path.Combine(folder, "epochs.csv")).Count);
                Assert.True(File.Exists(Path.Combine(folder, ModelRun.ModelFile)), $"fold model without weights: {folder}");
                Assert.Equal(trial, FinalModelCard.Load(Path.Combine(folder, FinalModelCard.FileName)).Trial);
                Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "tensorboard"), "events.out.tfevents.*"));
                var validation = PredictionsFile.Read(Path.Combine(folder, "val_predictions.csv"), classes);
                Assert.Equal(20, validation.Count); // 2 clips x 10 classes of the validation fold only
                Assert.All(validation.ClipNames, name => Assert.StartsWith($"{fold}-", name)); // ESC names start with their fold
                valAccuracies.Add(validation.Accuracy());
                var test = PredictionsFile.Read(Path.Combine(folder, "test_predictions.csv"), classes);
                Assert.All(test.ClipNames, name => Assert.StartsWith($"{Settings.TestFold}-", name));
                testAccuracies.Add(test.Accuracy());
            }
            Assert.InRange(long.Parse(row[header.IndexOf("trainable_params")], CultureInfo.InvariantCulture), 1, Settings.MaxTrainableParameters!.Value);
            Assert.Equal(Percent(valAccuracies.Average()), row[header.IndexOf("avg_val_acc_pct")]);
            Assert.Equal(Percent(testAccuracies.Max()), row[header.IndexOf("best_test_acc_pct_optimistic")]);

            var retrained = row[header.IndexOf("retrained_test_acc_pct")];
            if (retrained != "")
            {
                var final = PredictionsFile.Read(Path.Combine(layout.FinalFolder("arch1"), "test_predictions.csv"), classes);
                Assert.Equal(Percent(final.Accuracy()), retrained);
                Assert.All(final.ClipNames, name => Assert.StartsWith("1-", name)); // the test fold, and only it
            }
        }
        Assert.Single(rows.Skip(1), r => r[header.IndexOf("retrained_test_acc_pct")] != "");
        Assert.Contains("Headline", File.ReadAllText(layout.Report));
        Assert.Contains("models of at most 60000 trainable parameters", File.ReadAllText(layout.Report));
    }

    [SkippableFact]
    public void A_resumed_study_keeps_finished_models_and_ends_with_the_numbers_of_an_uninterrupted_run()
    {
        Esc10Data.RootOrSkip();
        var complete = shared.Layout;

        // An interrupted copy: one fold model and the final model never finished, no report yet.
        var interrupted = new StudyLayout(Path.Combine(_folder.FullName, "interrupted"));
        CopyFolder(complete.Root, interrupted.Root);
        var trial = Directory.GetDirectories(Path.Combine(interrupted.Root, "arch1")).Select(Path.GetFileName).First(n => n != "final")!;
        var unfinished = interrupted.FoldFolder("arch1", trial, 3);
        File.Delete(Path.Combine(unfinished, ModelRun.ResultFile));
        File.WriteAllText(Path.Combine(unfinished, "epochs.csv"), "epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds\n1,9,0,9,0,0.1,1\n");
        Directory.Delete(interrupted.FinalFolder("arch1"), recursive: true);
        foreach (var file in new[] { interrupted.ResultsCsv, interrupted.ResultsMarkdown, interrupted.Report }) File.Delete(file);
        var untouched = Path.Combine(interrupted.FoldFolder("arch1", trial, 2), ModelRun.ResultFile);
        var untouchedTime = File.GetLastWriteTimeUtc(untouched);

        var error = Assert.Throws<InvalidOperationException>(() => Run(interrupted.Root));
        Assert.Contains("--resume", error.Message);
        Run(interrupted.Root, resume: true);

        Assert.Equal(untouchedTime, File.GetLastWriteTimeUtc(untouched));
        Assert.Equal(File.ReadAllText(complete.ResultsCsv), File.ReadAllText(interrupted.ResultsCsv));
        Assert.Equal(File.ReadAllText(Path.Combine(complete.FinalFolder("arch1"), "test_predictions.csv")),
                     File.ReadAllText(Path.Combine(interrupted.FinalFolder("arch1"), "test_predictions.csv")));
        Assert.Equal(Settings.Epochs, EpochLog.Read(Path.Combine(unfinished, "epochs.csv")).Count);
    }

    [SkippableFact]
    public void Resuming_a_run_with_weight_averaging_switched_on_is_refused()
    {
        // Averaged and last-step models share their hyperparameters, so only study.json can tell them apart.
        Esc10Data.RootOrSkip();
        var copy = Path.Combine(_folder.FullName, "averaged");
        CopyFolder(shared.Layout.Root, copy);

        var error = Assert.Throws<InvalidOperationException>(() =>
            StudyCommand.Run(Settings with { EmaDecay = 0.99 }, Data(), SweepFolder, copy, resume: true, "cpu", threads: 1, workers: 1, default));

        Assert.Contains("other settings", error.Message);
        Assert.DoesNotContain("ema_decay", File.ReadAllText(new StudyLayout(copy).SettingsFile));
    }

    [SkippableFact]
    public void A_study_distils_from_an_earlier_sweep_and_only_its_loss_differs()
    {
        Esc10Data.RootOrSkip();
        var teacher = Path.Combine(shared.Layout.Root, "arch1");
        var student = new StudyLayout(Path.Combine(_folder.FullName, "student"));

        // One trial: the plain run's first, with the same seed, batches and initial weights.
        int code = StudyCommand.Run(Settings with { TrialsPerSweep = 1, Teachers = [teacher] }, Data(), SweepFolder, student.Root, resume: false, "cpu", threads: 1, workers: 1, default);

        Assert.Equal(0, code);
        Assert.Contains($"distilled from the teacher sweep `{teacher}`", File.ReadAllText(student.Report));
        Assert.Contains("\"distillation_weight\": 0.5", File.ReadAllText(student.SettingsFile));
        Assert.Contains($"\"teacher\": {System.Text.Json.JsonSerializer.Serialize(teacher)}", File.ReadAllText(student.SettingsFile));
        var trial = FinalModelCard.Load(Path.Combine(student.FinalFolder("arch1"), FinalModelCard.FileName)).Trial;
        foreach (int fold in Settings.CrossValidationFolds)
        {
            var plain = EpochLog.Read(Path.Combine(shared.Layout.FoldFolder("arch1", trial, fold), "epochs.csv"));
            var taught = EpochLog.Read(Path.Combine(student.FoldFolder("arch1", trial, fold), "epochs.csv"));
            Assert.NotEqual(plain.Select(e => e.TrainLoss), taught.Select(e => e.TrainLoss));
        }
    }

    [SkippableFact]
    public void Several_teacher_sweeps_teach_as_the_mean_of_their_models_probabilities()
    {
        Esc10Data.RootOrSkip();
        var first = Path.Combine(shared.Layout.Root, "arch1");
        // A second sweep folder whose fold-2 model holds other weights (the same trial's fold-3 model).
        var copy = new StudyLayout(Path.Combine(_folder.FullName, "second-teacher"));
        CopyFolder(shared.Layout.Root, copy.Root);
        var trial = FinalModelCard.Load(Path.Combine(copy.FinalFolder("arch1"), FinalModelCard.FileName)).Trial;
        File.Copy(Path.Combine(copy.FoldFolder("arch1", trial, 3), ModelRun.ModelFile), Path.Combine(copy.FoldFolder("arch1", trial, 2), ModelRun.ModelFile), overwrite: true);
        var second = Path.Combine(copy.Root, "arch1");

        using var one = TrainedModel.Load(shared.Layout.FoldFolder("arch1", trial, 2));
        using var other = TrainedModel.Load(copy.FoldFolder("arch1", trial, 2));
        using var teachers = new TeacherEnsemble([first, second], Settings).Load(2, one.Card.Model, CPU);
        using var scope = NewDisposeScope();
        manual_seed(3);
        var input = randn(one.Card.Model.InputShape(4));

        var expected = (nn.functional.softmax(one.Module.forward(input), 1) + nn.functional.softmax(other.Module.forward(input), 1)) / 2;
        Assert.False(one.Module.forward(input).allclose(other.Module.forward(input)));
        Assert.True(nn.functional.softmax(teachers.Module.forward(input), 1).allclose(expected, rtol: 1e-4, atol: 1e-6));
        Assert.Contains("\"teacher\": [", StudySettingsFile.Render(Settings with { Teachers = [first, second] }, "clips", threads: 1, device: "cpu"));
    }

    [SkippableFact]
    public void A_teacher_with_other_folds_or_without_fold_weights_is_refused_naming_the_file()
    {
        Esc10Data.RootOrSkip();
        var teacher = Path.Combine(shared.Layout.Root, "arch1");

        var otherFolds = Assert.Throws<ArgumentException>(() => new TeacherSet(teacher, Settings with { CrossValidationFolds = [2, 3, 4] }));
        Assert.Contains(shared.Layout.SettingsFile, otherFolds.Message);
        Assert.Contains("never have seen", otherFolds.Message);

        var noSweep = Assert.Throws<ArgumentException>(() => new TeacherSet(shared.Layout.Root, Settings));
        Assert.Contains(FinalModelCard.FileName, noSweep.Message);

        var copy = Path.Combine(_folder.FullName, "old-teacher");
        CopyFolder(shared.Layout.Root, copy);
        var trial = FinalModelCard.Load(Path.Combine(new StudyLayout(copy).FinalFolder("arch1"), FinalModelCard.FileName)).Trial;
        var weights = Path.Combine(new StudyLayout(copy).FoldFolder("arch1", trial, 3), ModelRun.ModelFile);
        File.Delete(weights);
        Assert.Contains(weights, Assert.Throws<ArgumentException>(() => new TeacherSet(Path.Combine(copy, "arch1"), Settings)).Message);
    }

    [SkippableFact]
    public void A_trial_whose_training_diverges_is_recorded_and_left_out_and_the_sweep_goes_on()
    {
        Esc10Data.RootOrSkip();
        var sweeps = DivergingSweepFolder();
        var layout = new StudyLayout(Path.Combine(_folder.FullName, "diverge-run"));

        int code = StudyCommand.Run(Settings with { Sweeps = ["diverge"], TrialsPerSweep = 3, Seed = 2, MaxTrainableParameters = null }, Data(), sweeps, layout.Root,
            resume: false, "cpu", threads: 1, workers: 1, default);

        Assert.Equal(0, code);
        var rows = File.ReadAllLines(layout.ResultsCsv).Skip(1).Select(CsvText.Split).ToList();
        var header = CsvText.Split(File.ReadLines(layout.ResultsCsv).First());
        string Cell(IReadOnlyList<string> row, string name) => row[header.IndexOf(name)];
        var wild = rows.Where(r => double.Parse(Cell(r, "hp_learning_rate"), CultureInfo.InvariantCulture) > 1).ToList();
        var sane = rows.Where(r => double.Parse(Cell(r, "hp_learning_rate"), CultureInfo.InvariantCulture) < 1).ToList();
        Assert.True(wild.Count > 0, File.ReadAllText(layout.ResultsCsv)); // seed 2 draws both rates among the three trials
        Assert.NotEmpty(sane);
        Assert.All(wild, r => Assert.StartsWith("fold", Cell(r, "diverged")));
        Assert.All(wild, r => Assert.Equal("", Cell(r, "avg_val_acc_pct")));
        Assert.All(sane, r => Assert.Equal("", Cell(r, "diverged")));
        var chosen = FinalModelCard.Load(Path.Combine(layout.FinalFolder("diverge"), FinalModelCard.FileName));
        Assert.Equal(0.001, double.Parse(chosen.Hyperparameters["learning_rate"], CultureInfo.InvariantCulture));
        var divergedFold = FoldResult.TryLoad(Path.Combine(layout.FoldFolder("diverge", Cell(wild[0], "run").Split('/')[1], 2), ModelRun.ResultFile))!;
        Assert.Contains("Training diverged at epoch", divergedFold.Diverged);
        Assert.Contains("diverged (fold", File.ReadAllText(layout.ResultsMarkdown));
    }

    [SkippableFact]
    public void A_sweep_whose_every_trial_diverges_stops_the_study_naming_it()
    {
        Esc10Data.RootOrSkip();
        // Seed 3 draws the wild learning rate for all three trials.
        var error = Assert.Throws<InvalidOperationException>(() => StudyCommand.Run(
            Settings with { Sweeps = ["diverge"], TrialsPerSweep = 3, Seed = 3, MaxTrainableParameters = null }, Data(), DivergingSweepFolder(),
            Path.Combine(_folder.FullName, "all-diverge-run"), resume: false, "cpu", threads: 1, workers: 1, default));

        Assert.StartsWith("Every trial of sweep diverge diverged", error.Message);
        Assert.Contains("Training diverged at epoch 1", error.Message);
    }

    /// <summary>A folder with sweep "diverge": random search between a learning rate no model survives and a sane one.</summary>
    private string DivergingSweepFolder()
    {
        var sweeps = Directory.CreateDirectory(Path.Combine(_folder.FullName, "sweeps")).FullName;
        File.WriteAllText(Path.Combine(sweeps, "diverge.yaml"), """
            name: diverge
            method: random
            metric:
              name: val_acc
              goal: maximize
            parameters:
              architecture:
                value: arch1
              input:
                value: logmel
              base_channels:
                value: 8
              fc_size:
                value: 64
              dropout:
                value: 0.2
              optimizer:
                value: sgd
              learning_rate:
                values: [1.0e12, 0.001]
              weight_decay:
                value: 0.0001
              batch_size:
                value: 16
            """);
        return sweeps;
    }

    [SkippableFact]
    public void A_final_model_left_by_another_choice_of_trial_is_trained_afresh_not_reused()
    {
        Esc10Data.RootOrSkip();
        var complete = shared.Layout;
        var resumed = new StudyLayout(Path.Combine(_folder.FullName, "rechosen"));
        CopyFolder(complete.Root, resumed.Root);
        // As if an earlier run (with fewer trials, say) had chosen and retrained another trial.
        var cardPath = Path.Combine(resumed.FinalFolder("arch1"), FinalModelCard.FileName);
        var card = FinalModelCard.Load(cardPath);
        (card with { Trial = "earlier-sweep-9" }).Save(cardPath);
        var stale = Path.Combine(resumed.FinalFolder("arch1"), ModelRun.ResultFile);
        (FoldResult.TryLoad(stale)! with { TestAccuracy = 0.0123 }).Save(stale);

        Run(resumed.Root, resume: true);

        Assert.Equal(card.Trial, FinalModelCard.Load(cardPath).Trial);
        Assert.Equal(File.ReadAllText(Path.Combine(complete.FinalFolder("arch1"), "test_predictions.csv")),
                     File.ReadAllText(Path.Combine(resumed.FinalFolder("arch1"), "test_predictions.csv")));
        Assert.Equal(File.ReadAllText(complete.ResultsCsv), File.ReadAllText(resumed.ResultsCsv));
    }

    [SkippableFact]
    public void A_finished_model_of_an_edited_sweep_file_stops_the_resume_naming_the_file()
    {
        Esc10Data.RootOrSkip();
        var edited = new StudyLayout(Path.Combine(_folder.FullName, "edited"));
        CopyFolder(shared.Layout.Root, edited.Root);
        var trial = Directory.GetDirectories(Path.Combine(edited.Root, "arch1")).Select(Path.GetFileName).First(n => n != "final")!;
        var resultPath = Path.Combine(edited.FoldFolder("arch1", trial, 2), ModelRun.ResultFile);
        var result = FoldResult.TryLoad(resultPath)!;
        var changed = result.Hyperparameters!.ToDictionary(kv => kv.Key, kv => kv.Key == "dropout" ? "0.987" : kv.Value);
        (result with { Hyperparameters = changed }).Save(resultPath);

        var error = Assert.Throws<InvalidOperationException>(() => Run(edited.Root, resume: true));

        Assert.Contains(resultPath, error.Message);
        Assert.Contains("dropout=0.987", error.Message);
        Assert.Contains("sweep file edited", error.Message);
    }

    [SkippableFact]
    public void Two_worker_processes_train_the_same_models_as_the_in_process_run()
    {
        Esc10Data.RootOrSkip();
        var inProcess = shared.Layout;

        var parallel = new StudyLayout(Run(Path.Combine(_folder.FullName, "workers"), workers: 2));

        Assert.Equal(File.ReadAllText(inProcess.ResultsCsv), File.ReadAllText(parallel.ResultsCsv));
        var results = Directory.GetFiles(inProcess.Root, ModelRun.ResultFile, SearchOption.AllDirectories)
            .Where(path => !path.StartsWith(inProcess.Winner)).Select(path => Path.GetRelativePath(inProcess.Root, path)).Order().ToList();
        Assert.Equal(Settings.TrialsPerSweep * Settings.CrossValidationFolds.Length + 1, results.Count);
        foreach (var result in results)
        {
            // Everything but the time it took: seeded from the job's key, a model cannot tell which process trained it.
            var expected = FoldResult.TryLoad(Path.Combine(inProcess.Root, result))!;
            var actual = FoldResult.TryLoad(Path.Combine(parallel.Root, result))!;
            Assert.Equal(expected with { Seconds = 0, Hyperparameters = null }, actual with { Seconds = 0, Hyperparameters = null });
            Assert.Equal(expected.Hyperparameters, actual.Hyperparameters);
        }
        Assert.Equal(File.ReadAllText(Path.Combine(inProcess.FinalFolder("arch1"), "test_predictions.csv")),
                     File.ReadAllText(Path.Combine(parallel.FinalFolder("arch1"), "test_predictions.csv")));
        Assert.True(File.Exists(parallel.Report) && File.Exists(Path.Combine(parallel.Winner, "model.pt")));
        var log = File.ReadAllText(parallel.Log);
        Assert.Contains("[worker 1] worker pid", log); // the workers' stderr reached the study log
        Assert.Contains("[worker 2] worker pid", log);
    }

    [SkippableFact]
    public void A_worker_given_a_job_outside_the_plan_stops_the_study_naming_the_job()
    {
        var data = Data();
        var root = Path.Combine(_folder.FullName, "unknown-job");
        var job = new StudyJob("arch1/no-such-trial/fold-2", "arch1/no-such-trial fold 2", Path.Combine(root, "arch1", "no-such-trial", "fold-2"), []);
        var start = WorkerCommandLine.For(Settings, data, SweepFolder, root, "cpu", threads: 1);
        var log = new StringWriter();

        var error = Assert.Throws<InvalidOperationException>(() =>
            new StudyCoordinator([job], start, workers: 2, new PlainStudyObserver(TextWriter.Null, TextWriter.Null), TextWriter.Synchronized(log), "study.log").Run(CancellationToken.None));

        Assert.Contains("Worker 1 failed on arch1/no-such-trial fold 2 (job arch1/no-such-trial/fold-2)", error.Message);
        Assert.Contains("is not in this study's plan", error.Message);
        Assert.DoesNotContain("..", error.Message); // the worker's own full stop is not doubled
        Assert.Contains("--resume", error.Message);
        Assert.DoesNotContain("[worker 2]", log.ToString()); // one job: only one worker was started
    }

    [SkippableFact]
    public void A_killed_worker_stops_the_study_naming_its_job_and_no_report_is_written()
    {
        Esc10Data.RootOrSkip();
        var root = Path.Combine(_folder.FullName, "killed");
        using var cancel = new CancellationTokenSource();
        var study = Task.Run(() => Run(root, workers: 2, cancel: cancel.Token));
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            int[] workers = [];
            while (workers.Length == 0 && !study.IsCompleted && clock.Elapsed < TimeSpan.FromSeconds(60))
            {
                Thread.Sleep(50);
                workers = WorkerProcessIds(root);
            }
            Assert.NotEmpty(workers);
            System.Diagnostics.Process.GetProcessById(workers[0]).Kill();

            var error = Assert.Throws<AggregateException>(() => study.Wait(TimeSpan.FromSeconds(60))).InnerException;
            var stopped = Assert.IsType<InvalidOperationException>(error);
            Assert.Matches(@"Worker \d stopped \(exit code \d+\) while training arch1/\S+ fold \d \(job arch1/\S+/fold-\d\)", stopped.Message);
            Assert.False(File.Exists(Path.Combine(root, "results.csv")));
            Assert.False(File.Exists(Path.Combine(root, "report.md")));
            Assert.Empty(WorkerProcessIds(root)); // the other worker was stopped too
        }
        finally
        {
            StopStudy(study, cancel, root);
        }
    }

    /// <summary>
    /// After a failed wait or assertion, the background study must not keep training: cancel it (its
    /// coordinator kills its workers), wait a bounded time, then kill whatever worker still runs.
    /// </summary>
    private static void StopStudy(Task study, CancellationTokenSource cancel, string root)
    {
        cancel.Cancel();
        try
        {
            study.Wait(TimeSpan.FromSeconds(30));
        }
        catch (AggregateException)
        {
            // The study's own failure (or its cancellation) was already judged, or is beside the point now.
        }
        foreach (int id in WorkerProcessIds(root))
        {
            System.Diagnostics.Process worker;
            try
            {
                worker = System.Diagnostics.Process.GetProcessById(id);
            }
            catch (ArgumentException)
            {
                continue; // it ended meanwhile
            }
            using (worker) ChildProcesses.KillTree(worker);
        }
    }

    /// <summary>This test's own worker processes: their command line names its unique run folder.</summary>
    private static int[] WorkerProcessIds(string root)
    {
        var ids = new List<int>();
        foreach (var folder in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(folder), out int id)) continue;
            try
            {
                var args = File.ReadAllText(Path.Combine(folder, "cmdline")).Split('\0');
                if (args.Contains("--worker") && args.Contains(Path.GetFullPath(root))) ids.Add(id);
            }
            catch (IOException) { } // it ended while we looked
            catch (UnauthorizedAccessException) { }
        }
        return [.. ids];
    }

    private static string Percent(double accuracy) => ResultsTable.FormatPercent(accuracy);

    private static void CopyFolder(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(dir.Replace(from, to));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories)) File.Copy(file, file.Replace(from, to));
    }
}
