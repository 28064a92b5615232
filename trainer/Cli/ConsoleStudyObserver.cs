using System.Globalization;
using EdgeSound.Trainer.Study;
using EdgeSound.Trainer.Training;
using Spectre.Console;
using EdgeSound.Trainer.Reports;

namespace EdgeSound.Trainer.Cli;

/// <summary>Progress bars (study, current model with epoch, ETA, validation accuracy) on a terminal.</summary>
public sealed class ProgressStudyObserver(ProgressContext context, TextWriter log) : IStudyObserver
{
    private ProgressTask? _study;
    private ProgressTask? _model;
    private string _label = "";

    public void Say(string message)
    {
        AnsiConsole.MarkupLine(Markup.Escape(message));
        log.WriteLine(message);
    }

    public void ModelStarted(string label, int modelIndex, int modelCount, int epochs)
    {
        _study ??= context.AddTask("study", maxValue: modelCount);
        _study.Description = $"study: model {modelIndex}/{modelCount}";
        _label = label;
        // One bar for the current model, reused: a study trains dozens of models.
        _model ??= context.AddTask("model");
        _model.MaxValue = epochs;
        _model.Value = 0;
        _model.Description = Markup.Escape(label);
    }

    public void EpochFinished(EpochStats stats)
    {
        if (_model is null) return;
        _model.Increment(1);
        _model.Description = Markup.Escape($"{_label} epoch {stats.Epoch} val acc {Format(stats.ValidationAccuracy)}");
        log.WriteLine(PlainStudyObserver.EpochLine(_label, stats));
    }

    public void ModelFinished(string label, FoldResult result, bool resumed)
    {
        _study?.Increment(1);
        var line = PlainStudyObserver.ResultLine(label, result, resumed);
        AnsiConsole.MarkupLine(Markup.Escape(line));
        log.WriteLine(line);
    }

    private static string Format(double accuracy) => double.IsNaN(accuracy) ? "-" : ResultsTable.FormatPercent(accuracy) + "%";
}

/// <summary>Plain log lines, for a log file or a pipe.</summary>
public sealed class PlainStudyObserver(TextWriter output, TextWriter log) : IStudyObserver
{
    private string _label = "";
    private int _epochs;
    private DateTime _started;

    public void Say(string message) => Write(message);

    public void ModelStarted(string label, int modelIndex, int modelCount, int epochs)
    {
        _label = label;
        _epochs = epochs;
        _started = DateTime.UtcNow;
        Write($"[{modelIndex}/{modelCount}] {label}: training {epochs} epochs");
    }

    public void EpochFinished(EpochStats stats)
    {
        var elapsed = DateTime.UtcNow - _started;
        var eta = TimeSpan.FromSeconds(elapsed.TotalSeconds / stats.Epoch * (_epochs - stats.Epoch));
        Write($"{EpochLine(_label, stats)} eta {eta:hh\\:mm\\:ss}");
    }

    public void ModelFinished(string label, FoldResult result, bool resumed) => Write(ResultLine(label, result, resumed));

    private void Write(string line)
    {
        output.WriteLine(line);
        log.WriteLine(line);
    }

    internal static string EpochLine(string label, EpochStats s) => string.Create(CultureInfo.InvariantCulture,
        $"{DateTime.UtcNow:HH:mm:ss} {label} epoch {s.Epoch}: train loss {s.TrainLoss:0.000} acc {100 * s.TrainAccuracy:0.0}%") +
        (double.IsNaN(s.ValidationLoss) ? "" : string.Create(CultureInfo.InvariantCulture, $" | val loss {s.ValidationLoss:0.000} acc {100 * s.ValidationAccuracy:0.0}%")) +
        string.Create(CultureInfo.InvariantCulture, $" | lr {s.LearningRate:0.#####} | {s.Seconds:0.0}s");

    internal static string ResultLine(string label, FoldResult r, bool resumed) => string.Create(CultureInfo.InvariantCulture,
        $"{DateTime.UtcNow:HH:mm:ss} {label}: {(resumed ? "already finished (resume)" : "done")}: {(double.IsNaN(r.ValidationAccuracy) ? "" : $"val acc {100 * r.ValidationAccuracy:0.0}%, ")}test-fold acc {100 * r.TestAccuracy:0.0}%, {r.Seconds:0}s");
}
