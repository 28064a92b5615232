using EdgeSound.Shared.Models;
using EdgeSound.Shared.Onnx;
using EdgeSound.Trainer.Models;

namespace EdgeSound.Trainer.Export;

/// <summary>What an export wrote, for the command's report.</summary>
/// <param name="OutputPath">The ONNX file (full path).</param>
/// <param name="Bytes">Its size.</param>
/// <param name="Metadata">The metadata it carries.</param>
/// <param name="Architecture">Which model family.</param>
public sealed record ExportSummary(string OutputPath, long Bytes, ModelMetadata Metadata, Architecture Architecture)
{
    /// <summary>A few lines a person reads after the export.</summary>
    public string Describe() =>
        $"Wrote {OutputPath} ({Bytes / 1024.0:0.0} KiB, opset {OnnxGraphBuilder.Opset}, {Metadata.Precision})\n" +
        $"  model:   {Architecture}, {InputKindNames.ToName(Metadata.InputKind)} input\n" +
        $"  input:   '{ModelMetadata.InputName}' [batch, {string.Join(", ", Metadata.InputShape)}] ({Metadata.WindowFrames} frames = {Metadata.WindowSamples} samples at {Metadata.Features.SampleRate} Hz, hop {Metadata.HopFrames} frames)\n" +
        $"  outputs: '{ModelMetadata.LogitsName}', '{ModelMetadata.ProbabilitiesName}' [batch, {Metadata.Labels.Count}]\n" +
        $"  labels:  {string.Join(", ", Metadata.Labels)}";
}
