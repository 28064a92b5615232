using System.CommandLine;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Inference;
using EdgeSound.Shared.Models;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Evaluation;

namespace EdgeSound.Trainer.Cli;

/// <summary>
/// <c>edgesound-trainer evaluate</c>: scores exported ONNX models on a dataset fold through the
/// device's clip path and prints them side by side; with <c>--out</c> also writes evaluation.md and
/// evaluation.json.
/// </summary>
public static class EvaluateCommand
{
    /// <summary>What to evaluate.</summary>
    /// <param name="ModelPaths">The ONNX files, in table order.</param>
    /// <param name="DataFolder">ESC-50 layout (meta/esc50.csv + audio/) or folder-per-class dataset.</param>
    /// <param name="Subset">ESC-10 or ESC-50 (for an ESC-50 layout).</param>
    /// <param name="Fold">Fold to score (1 is the study's test fold).</param>
    /// <param name="OutputFolder">Where to write evaluation.md and evaluation.json; null prints only.</param>
    /// <param name="ClipsPerClass">Score only the first this-many clips of each class (a quick look); null for all.</param>
    /// <param name="Threads">ONNX Runtime intra-op threads per model.</param>
    public sealed record Request(IReadOnlyList<string> ModelPaths, string DataFolder, EscSubset Subset, int Fold,
        string? OutputFolder = null, int? ClipsPerClass = null, int Threads = 1);

    public static Command Create()
    {
        var models = new Option<string[]>("--model")
        {
            Description = "An exported model (.onnx). Repeat to compare models side by side: --model a.onnx --model b.onnx.",
            Required = true,
        };
        var data = new Option<string>("--data") { Description = "ESC-50 folder (meta/esc50.csv + audio/) or a folder with one sub-folder of WAVs per class.", Required = true };
        var fold = new Option<int>("--fold") { Description = "Fold to score (1 = the study's test fold).", DefaultValueFactory = _ => 1 };
        var subset = SubsetOption.Create();
        var output = new Option<string?>("--out") { Description = "Folder to write evaluation.md and evaluation.json into (default: print only)." };
        var clips = new Option<int?>("--clips-per-class") { Description = "Score only the first N clips of each class in the fold (a quick look, not a result)." };
        var threads = new Option<int>("--threads") { Description = "ONNX Runtime threads per model.", DefaultValueFactory = _ => 1 };

        var command = new Command("evaluate", "Score exported ONNX models on a dataset fold the way the device classifies a file, side by side.")
        {
            models, data, fold, subset, output, clips, threads,
        };
        command.SetAction(parse =>
        {
            var request = new Request(parse.GetValue(models)!, parse.GetValue(data)!, SubsetOption.Parse(parse.GetValue(subset)!), parse.GetValue(fold),
                parse.GetValue(output), parse.GetValue(clips), parse.GetValue(threads));
            return Run(request, Console.Out, Console.Error);
        });
        return command;
    }

    /// <summary>Runs an evaluation; returns the exit code. A user's mistake throws with a message that says what to fix.</summary>
    /// <exception cref="InvalidDataException">A model cannot be used (not loadable, bad metadata, labels not the dataset's classes).</exception>
    public static int Run(Request request, TextWriter output, TextWriter progress)
    {
        if (request.ClipsPerClass is < 1) throw new ArgumentException($"--clips-per-class {request.ClipsPerClass}: give at least 1.");
        if (request.Threads < 1) throw new ArgumentException($"--threads {request.Threads}: give at least 1.");
        if (!Directory.Exists(request.DataFolder))
            throw new DirectoryNotFoundException($"--data {request.DataFolder}: no such folder. Point it at an ESC-50 download (with meta/esc50.csv) or a folder with one sub-folder of WAVs per class.");

        // An explicit --data never falls back to the synthetic set, so no folder for it is needed.
        var index = DatasetLocator.Locate(request.DataFolder, request.Subset, syntheticFolder: "").Index;
        if (request.ClipsPerClass is { } perClass) index = index.Subset(perClass);

        int lastReported = 0;
        var evaluation = FoldEvaluator.Evaluate(index, request.Fold, request.ModelPaths,
            new OnnxClassifierOptions { IntraOpThreads = request.Threads },
            (done, total) =>
            {
                // About ten progress lines per run, on the error stream so the table stays clean.
                if (done == total || done - lastReported >= Math.Max(1, total / 10))
                {
                    progress.WriteLine($"scored {done}/{total} clips");
                    lastReported = done;
                }
            });

        output.Write(EvaluationReport.ToMarkdown(evaluation));
        if (request.OutputFolder is { } folder)
        {
            var (markdown, json) = EvaluationReport.Write(evaluation, folder);
            output.WriteLine();
            output.WriteLine($"Wrote {markdown} and {json}");
        }
        return 0;
    }

}
