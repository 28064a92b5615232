using System.CommandLine;
using EdgeSound.Shared.Onnx;
using EdgeSound.Shared.Onnx.Proto;
using EdgeSound.Trainer.Export;

namespace EdgeSound.Trainer.Cli;

/// <summary><c>trainer export</c>: a study's final model (model.pt + model.json) to an ONNX file for the device.</summary>
public static class ExportCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A study's final/ or winner/ folder, or its model.pt.", Required = true };
        var card = new Option<string?>("--card") { Description = "The model card (default: model.json beside model.pt)." };
        var output = new Option<string>("--out") { Description = "The ONNX file to write (written atomically; the folder is created).", Required = true };

        var command = new Command("export", "Export a trained model to ONNX (opset 17) with its labels and feature configuration.")
        {
            model, card, output,
        };
        command.SetAction(parse =>
        {
            var summary = Run(parse.GetValue(model)!, parse.GetValue(card), parse.GetValue(output)!);
            Console.WriteLine(summary.Describe());
            return 0;
        });
        return command;
    }

    /// <summary>
    /// Loads the model at <paramref name="modelPath"/> with its card, exports it and writes
    /// <paramref name="outputPath"/> atomically: on any error nothing is written.
    /// </summary>
    /// <exception cref="FileNotFoundException">The weights or card is missing.</exception>
    /// <exception cref="InvalidDataException">The weights, card or result cannot be used.</exception>
    public static ExportSummary Run(string modelPath, string? cardPath, string outputPath)
    {
        var target = Path.GetFullPath(outputPath);
        if (Directory.Exists(target))
            throw new ArgumentException($"--out {outputPath} is a folder; give the ONNX file to write, e.g. {Path.Combine(outputPath, "model.onnx")}.");
        using var trained = TrainedModel.Load(modelPath, cardPath);
        var metadata = ExportMetadata.From(trained.Card, trained.Result, trained.CardPath);
        ModelProto onnx;
        try
        {
            onnx = OnnxExporter.Export(trained.Module, metadata);
        }
        catch (ArgumentException e)
        {
            // The card's geometry or labels contradict its own model spec.
            throw new InvalidDataException($"{trained.CardPath}: {e.Message} Fix the card or re-create it with 'edgesound-trainer study'.", e);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        OnnxModelFile.Save(onnx, target);
        return new ExportSummary(target, new FileInfo(target).Length, metadata, trained.Card.Model.Architecture);
    }
}
