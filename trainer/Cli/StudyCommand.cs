using System.CommandLine;
using System.Diagnostics;
using EdgeSound.Shared.Data;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Startup;
using EdgeSound.Trainer.Study;
using EdgeSound.Trainer.Training;
using Spectre.Console;
using TorchSharp;
using EdgeSound.Shared.IO;

namespace EdgeSound.Trainer.Cli;

/// <summary><c>trainer study</c>: the full cross-validated study, resumable.</summary>
public static class StudyCommand
{
    public static Command Create()
    {
        var data = new Option<string?>("--data") { Description = "ESC-50 folder (meta/esc50.csv + audio/) or a folder with one sub-folder of WAVs per class. Default: $EDGESOUND_DATA, then data/ESC-50-master, else the synthetic demo set." };
        var subset = SubsetOption.Create();
        var preset = new Option<string?>("--preset") { Description = "full (the study; the default with real data), quick (minutes), demo (the default on the synthetic set), ci (smoke run on a small subset)." };
        var trials = new Option<int?>("--trials") { Description = "Trials per sweep (overrides the preset)." };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs per model (overrides the preset; full = 100)." };
        var folds = new Option<string?>("--folds") { Description = "Cross-validation folds, e.g. 2,3,4,5 (fold 1 is the test fold)." };
        var sweeps = new Option<string?>("--sweeps") { Description = "Comma-separated sweep names from trainer/sweeps (default: all of the preset)." };
        var sweepFolder = new Option<string?>("--sweep-folder") { Description = "Folder of sweep YAML files (default: the sweeps shipped with the trainer)." };
        var clips = new Option<int?>("--clips-per-class-per-fold") { Description = "Use a small subset: at most this many clips per class and fold." };
        var seed = new Option<ulong?>("--seed") { Description = "Study seed (default 42)." };
        var maxParameters = new Option<long?>("--max-parameters") { Description = "Draw only models with at most this many trainable parameters (a device's budget; the int8 file is about one byte per weight)." };
        var emaDecay = new Option<double?>("--ema-decay") { Description = "Weight averaging: every model keeps a moving average of its weights with this decay per step, e.g. 0.999 (default 0: off, the last step's weights)." };
        var teacher = new Option<string[]>("--teacher") { Description = "Distil from an earlier study's sweep, RUN/SWEEP (e.g. runs/full/arch2-h2): each model learns from that sweep's model of its own validation fold, the final model from its final. Repeat it to learn from several sweeps' averaged probabilities." };
        var distillWeight = new Option<double?>("--distill-weight") { Description = "With --teacher: the teacher's share of the loss, in (0, 1] (default 0.5)." };
        var distillTemperature = new Option<double?>("--distill-temperature") { Description = "With --teacher: the softmax temperature of the teacher's and student's outputs (default 2)." };
        var windowFrames = new Option<int?>("--window-frames") { Description = "Frames of log-mel (20 ms each) every model sees at once (default 128: 2.56 s); the model file carries it to the device." };
        var hopFrames = new Option<int?>("--hop-frames") { Description = "Frames between the windows that score a clip (default 25: 0.5 s); also the device's hop." };
        var melBands = new Option<int?>("--mel-bands") { Description = "Mel bands of the log-mel features (default 64, 0-8 kHz); the model file carries them to the device." };
        var output = new Option<string?>("--out") { Description = "Run folder (default runs/<preset>)." };
        var resume = new Option<bool>("--resume") { Description = "Continue a stopped run: finished models are kept, the rest are trained." };
        var device = new Option<string>("--device") { Description = "auto, cpu or cuda.", DefaultValueFactory = _ => "auto" };
        var threads = new Option<int>("--threads") { Description = "CPU threads for libtorch (fixed, so runs are reproducible).", DefaultValueFactory = _ => Math.Min(Environment.ProcessorCount, 4) };
        var workers = new Option<int>("--workers") { Description = "Train this many models at once, each in its own process with --threads threads (on 2 cores: --workers 2 --threads 1). The numbers do not depend on it.", DefaultValueFactory = _ => 1 };
        // Internal: a worker process of --workers, started by the study itself; it reads job keys on stdin.
        var worker = new Option<bool>("--worker") { Hidden = true };

        var command = new Command("study", "Run the cross-validated CNN / CNN+Transformer study and write its report.")
        {
            data, subset, preset, trials, epochs, folds, sweeps, sweepFolder, clips, seed, maxParameters, windowFrames, hopFrames, melBands, emaDecay, teacher, distillWeight, distillTemperature, output, resume, device, threads, workers, worker,
        };
        command.SetAction((parse, cancel) =>
        {
            var subsetValue = SubsetOption.Parse(parse.GetValue(subset)!);
            var chosenPreset = parse.GetValue(preset);
            if (chosenPreset is not null) StudySettings.Preset(chosenPreset); // a typo fails before any data work
            bool isWorker = parse.GetValue(worker);
            // A worker's stdout carries the protocol only: everything else it says goes to stderr.
            var located = DatasetLocator.Locate(parse.GetValue(data), subsetValue, Path.Combine("runs", "synthetic-data"), isWorker ? Console.Error.WriteLine : Console.WriteLine);
            // Without real data the default is the few-minute demo, not hours of training on synthetic sounds.
            var settings = StudySettings.Preset(chosenPreset ?? (located.IsSynthetic ? "demo" : "full"));
            settings = settings with
            {
                TrialsPerSweep = parse.GetValue(trials) ?? settings.TrialsPerSweep,
                Epochs = parse.GetValue(epochs) ?? settings.Epochs,
                CrossValidationFolds = parse.GetValue(folds) is { } f ? FoldList.Parse(f) : settings.CrossValidationFolds,
                Sweeps = parse.GetValue(sweeps) is { } s ? s.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries) : settings.Sweeps,
                ClipsPerClassPerFold = parse.GetValue(clips) ?? settings.ClipsPerClassPerFold,
                Seed = parse.GetValue(seed) ?? settings.Seed,
                MaxTrainableParameters = parse.GetValue(maxParameters) ?? settings.MaxTrainableParameters,
                WindowFrames = parse.GetValue(windowFrames) ?? settings.WindowFrames,
                HopFrames = parse.GetValue(hopFrames) ?? settings.HopFrames,
                Features = parse.GetValue(melBands) is { } mels ? settings.Features with { MelCount = mels } : settings.Features,
                EmaDecay = parse.GetValue(emaDecay) ?? settings.EmaDecay,
                Teachers = parse.GetValue(teacher) is { Length: > 0 } t ? [.. t.Select(Path.GetFullPath)] : settings.Teachers,
                Distillation = new Distillation(
                    parse.GetValue(distillWeight) ?? settings.Distillation.Weight, parse.GetValue(distillTemperature) ?? settings.Distillation.Temperature),
            };
            if (settings.Teachers.Count == 0 && (parse.GetValue(distillWeight) is not null || parse.GetValue(distillTemperature) is not null))
                throw new ArgumentException("--distill-weight and --distill-temperature need --teacher.");
            var runFolder = parse.GetValue(output) ?? Path.Combine("runs", settings.Name);
            var sweepsFrom = parse.GetValue(sweepFolder) ?? Path.Combine(AppContext.BaseDirectory, "sweeps");
            if (isWorker)
                return Task.FromResult(RunWorker(settings, located, sweepsFrom, runFolder, parse.GetValue(resume), parse.GetValue(device)!, parse.GetValue(threads), Console.In, Console.Out, Console.Error, cancel));
            return Task.FromResult(Run(settings, located, sweepsFrom, runFolder, parse.GetValue(resume), parse.GetValue(device)!, parse.GetValue(threads), parse.GetValue(workers), cancel));
        });
        return command;
    }

    /// <summary>
    /// Runs a study end to end; returns the process exit code. With <paramref name="workers"/> &gt; 1 the
    /// models train in that many worker processes (<see cref="StudyCoordinator"/>), then the usual
    /// in-process pass finds every model finished and writes the same report.
    /// </summary>
    public static int Run(StudySettings settings, LocatedDataset located, string sweepFolder, string runFolder, bool resume, string deviceChoice, int threads, int workers, CancellationToken cancel)
    {
        settings.Validate();
        if (workers < 1) throw new ArgumentException($"--workers must be >= 1 (got {workers}).");
        var clock = Stopwatch.StartNew();
        var layout = new StudyLayout(Path.GetFullPath(runFolder));
        Directory.CreateDirectory(layout.Root);
        // Synchronized: with workers, their stderr is copied into the log from reader threads.
        using var log = TextWriter.Synchronized(new StreamWriter(layout.Log, append: true) { AutoFlush = true });
        var interactive = !Console.IsOutputRedirected && AnsiConsole.Profile.Capabilities.Interactive;

        var device = TrainingRuntime.Prepare(threads, deviceChoice, Console.Error);
        var (index, description) = Describe(settings, located);
        // Before study.json is written: settings that workers could not rebuild leave no run folder claimed.
        var workerStart = workers > 1 ? WorkerCommandLine.For(settings, located, sweepFolder, layout.Root, deviceChoice, threads) : null;
        CheckSettings(layout, settings, description, threads, device.type.ToString().ToLowerInvariant(), resume);

        Console.WriteLine($"EdgeSound study '{settings.Name}' -> {layout.Root}");
        Console.WriteLine($"Data: {description}; device {device.type}, {threads} threads{(workers > 1 ? $" in each of {workers} worker processes" : "")}");
        var store = ClipStore.Load(index, settings.Features.SampleRate);

        IReadOnlyList<SweepOutcome> outcomes = [];
        void RunWith(IStudyObserver observer)
        {
            var runner = new StudyRunner(settings, store, layout, sweepFolder, device, observer);
            if (workerStart is null)
            {
                outcomes = runner.Run(cancel);
                return;
            }
            new StudyCoordinator(runner.Jobs, workerStart, workers, observer, log, layout.Log).Run(cancel);
            // Every model is finished now: this pass only reads them back to choose and report.
            outcomes = new StudyRunner(settings, store, layout, sweepFolder, device, new FinishedModelsObserver()).Run(cancel);
        }
        if (interactive)
            AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
                .Start(context => RunWith(new ProgressStudyObserver(context, log)));
        else
            RunWith(new PlainStudyObserver(Console.Out, log));

        var winner = StudyReport.Write(layout, settings, description, located.IsSynthetic, store.Classes, outcomes, clock.Elapsed);
        Console.WriteLine($"Report: {layout.Report}");
        Console.WriteLine($"Winner: {winner.Sweep}/{winner.Chosen.Config.Name}, test accuracy {Reports.ResultsTable.FormatPercent(winner.Final.TestAccuracy)}%{(located.IsSynthetic ? " (SYNTHETIC demo data)" : "")}");
        return 0;
    }

    /// <summary>
    /// A worker process of <c>--workers</c>: loads the data once, plans the same study, then trains the
    /// jobs whose keys arrive on <paramref name="input"/>, answering in the <see cref="WorkerProtocol"/>
    /// on <paramref name="output"/>; returns the exit code.
    /// </summary>
    public static int RunWorker(StudySettings settings, LocatedDataset located, string sweepFolder, string runFolder, bool resume, string deviceChoice, int threads,
        TextReader input, TextWriter output, TextWriter diagnostics, CancellationToken cancel)
    {
        settings.Validate();
        var layout = new StudyLayout(Path.GetFullPath(runFolder));
        var device = TrainingRuntime.Prepare(threads, deviceChoice, diagnostics);
        var (index, description) = Describe(settings, located);
        // The coordinator wrote study.json: a worker whose options rebuild other settings stops here.
        CheckSettings(layout, settings, description, threads, device.type.ToString().ToLowerInvariant(), resume);
        diagnostics.WriteLine($"worker pid {Environment.ProcessId}: {description}; device {device.type}, {threads} threads");
        var store = ClipStore.Load(index, settings.Features.SampleRate);
        var worker = new StudyWorker(output, diagnostics);
        return worker.Serve(new StudyRunner(settings, store, layout, sweepFolder, device, worker), input, cancel);
    }

    private static (DatasetIndex Index, string Description) Describe(StudySettings settings, LocatedDataset located)
    {
        var index = settings.ClipsPerClassPerFold is { } k ? located.Index.Subset(k) : located.Index;
        string description = (located.IsSynthetic ? "SYNTHETIC demo set (procedurally generated, not real recordings): " : "") +
                             $"{index.Description}, {index.Clips.Count} clips, {index.Classes.Count} classes";
        return (index, description);
    }

    /// <summary>
    /// A run folder belongs to the settings that decide a finished model's numbers (seed, epochs,
    /// weight averaging, teacher, folds, windows, features, data, and the threads and device: libtorch's sums
    /// are bit-identical only at a fixed thread count on one kind of device). Sweeps and trial counts may change on
    /// --resume: every trial is seeded from its own name, so adding sweeps or trials never changes the
    /// finished ones (and each finished model is checked against its trial's hyperparameters).
    /// </summary>
    private static void CheckSettings(StudyLayout layout, StudySettings settings, string description, int threads, string device, bool resume)
    {
        var json = StudySettingsFile.Render(settings, description, threads, device);
        if (File.Exists(layout.SettingsFile))
        {
            if (!resume)
                throw new InvalidOperationException($"{layout.Root} already holds a study. Add --resume to continue it, or choose another --out.");
            if (File.ReadAllText(layout.SettingsFile) != json)
                throw new InvalidOperationException($"{layout.SettingsFile}: the run was started with other settings or data:\n{File.ReadAllText(layout.SettingsFile)}\n--resume needs the same ones (or choose another --out).");
            return;
        }
        AtomicFile.WriteText(layout.SettingsFile, w => w.Write(json));
    }
}
