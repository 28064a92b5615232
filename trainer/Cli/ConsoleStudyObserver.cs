using System.Globalization;
using EdgeSound.Trainer.Study;
using EdgeSound.Trainer.Training;
using Spectre.Console;
using EdgeSound.Trainer.Reports;

namespace EdgeSound.Trainer.Cli;

/// <summary>Progress bars on a terminal: the study, and one bar (epoch, ETA, validation accuracy) per model in training.</summary>
public sealed class ProgressStudyObserver(ProgressContext context, TextWriter log) : IStudyObserver
{
    private ProgressTask? _study;
    private int _finished;
    private readonly Dictionary<string, ProgressTask> _running = [];
    // A study trains dozens of models: a finished model's bar is reused, so there are only ever as many as run at once.
    private readonly Queue<ProgressTask> _idle = new();

    public void Say(string message)
    {
        AnsiConsole.MarkupLine(Markup.Escape(message));
        log.WriteLine(message);
    }

    public void ModelStarted(string label, int modelIndex, int modelCount, int epochs)
    {
        // Models found finished (--resume) before the first start count too.
        _study ??= context.AddTask("study", maxValue: modelCount).Value(_finished);
        _study.Description = $"study: {_finished}/{modelCount} models finished";
        var bar = _idle.Count > 0 ? _idle.Dequeue() : context.AddTask("model");
        bar.MaxValue = epochs;
        bar.Value = 0;
        bar.Description = Markup.Escape(label);
        _running[label] = bar;
    }

    public void EpochFinished(string label, EpochStats stats)
    {
        if (_running.TryGetValue(label, out var bar))
        {
            bar.Increment(1);
            bar.Description = Markup.Escape($"{label} epoch {stats.Epoch} val acc {Format(stats.ValidationAccuracy)}");
        }
        log.WriteLine(PlainStudyObserver.EpochLine(label, stats));
    }

    public void ModelFinished(string label, FoldResult result, bool resumed)
    {
        _finished++;
        if (_study is not null)
        {
            _study.Increment(1);
            _study.Description = $"study: {_finished}/{_study.MaxValue} models finished";
        }
        if (_running.Remove(label, out var bar)) _idle.Enqueue(bar);
        var line = PlainStudyObserver.ResultLine(label, result, resumed);
        AnsiConsole.MarkupLine(Markup.Escape(line));
        log.WriteLine(line);
    }

    private static string Format(double accuracy) => double.IsNaN(accuracy) ? "-" : ResultsTable.FormatPercent(accuracy) + "%";
}

/// <summary>Plain log lines, for a log file or a pipe; each line names its model, with that model's own ETA.</summary>
public sealed class PlainStudyObserver(TextWriter output, TextWriter log) : IStudyObserver
{
    private readonly Dictionary<string, (int Epochs, DateTime Started)> _running = [];

    public void Say(string message) => Write(message);

    public void ModelStarted(string label, int modelIndex, int modelCount, int epochs)
    {
        _running[label] = (epochs, DateTime.UtcNow);
        Write($"[{modelIndex}/{modelCount}] {label}: training {epochs} epochs");
    }

    public void EpochFinished(string label, EpochStats stats)
    {
        var eta = "";
        if (_running.TryGetValue(label, out var model))
        {
            var elapsed = DateTime.UtcNow - model.Started;
            eta = $" eta {TimeSpan.FromSeconds(elapsed.TotalSeconds / stats.Epoch * (model.Epochs - stats.Epoch)):hh\\:mm\\:ss}";
        }
        Write(EpochLine(label, stats) + eta);
    }

    public void ModelFinished(string label, FoldResult result, bool resumed)
    {
        _running.Remove(label);
        Write(ResultLine(label, result, resumed));
    }

    private void Write(string line)
    {
        output.WriteLine(line);
        log.WriteLine(line);
    }

    internal static string EpochLine(string label, EpochStats s) => string.Create(CultureInfo.InvariantCulture,
        $"{DateTime.UtcNow:HH:mm:ss} {label} epoch {s.Epoch}: train loss {s.TrainLoss:0.000} acc {100 * s.TrainAccuracy:0.0}%") +
        (double.IsNaN(s.ValidationLoss) ? "" : string.Create(CultureInfo.InvariantCulture, $" | val loss {s.ValidationLoss:0.000} acc {100 * s.ValidationAccuracy:0.0}%")) +
        string.Create(CultureInfo.InvariantCulture, $" | lr {s.LearningRate:0.#####} | {s.Seconds:0.0}s");

    internal static string ResultLine(string label, FoldResult r, bool resumed) => r.Diverged is { } why
        ? string.Create(CultureInfo.InvariantCulture, $"{DateTime.UtcNow:HH:mm:ss} {label}: {(resumed ? "diverged before (resume)" : "diverged")}: {why} This trial will not be chosen; the sweep goes on.")
        : string.Create(CultureInfo.InvariantCulture,
            $"{DateTime.UtcNow:HH:mm:ss} {label}: {(resumed ? "already finished (resume)" : "done")}: {(double.IsNaN(r.ValidationAccuracy) ? "" : $"val acc {100 * r.ValidationAccuracy:0.0}%, ")}test-fold acc {100 * r.TestAccuracy:0.0}%, {r.Seconds:0}s");
}
