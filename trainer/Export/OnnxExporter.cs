using System.Reflection;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Onnx;
using EdgeSound.Shared.Onnx.Proto;
using EdgeSound.Trainer.Models;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Export;

/// <summary>
/// Turns a trained <see cref="CnnClassifier"/> (Arch1) or <see cref="CnnTransformerClassifier"/>
/// (Arch2), of either input kind, into an ONNX model (opset 17) that computes what the module
/// computes in eval mode: batch norms folded into their convolutions, dropouts left out, every op
/// a standard ONNX op. TorchSharp has no ONNX exporter, so this one is written for these two models.
/// Input <see cref="ModelMetadata.InputName"/> [batch, ...], outputs
/// <see cref="ModelMetadata.LogitsName"/> and <see cref="ModelMetadata.ProbabilitiesName"/>
/// (softmax over the classes), both [batch, classes]; the metadata goes into metadata_props.
/// </summary>
public static class OnnxExporter
{
    /// <summary>
    /// Exports <paramref name="model"/> with <paramref name="metadata"/>. The module is only read
    /// (its weights and running statistics), never run or switched between train and eval mode.
    /// </summary>
    /// <exception cref="ArgumentException">The metadata does not describe the model (labels, input kind or input shape).</exception>
    /// <exception cref="NotSupportedException">The module is not one of the two architectures.</exception>
    public static ModelProto Export(nn.Module<Tensor, Tensor> model, ModelMetadata metadata)
    {
        var spec = model switch
        {
            CnnClassifier cnn => cnn.Spec,
            CnnTransformerClassifier transformer => transformer.Spec,
            _ => throw new NotSupportedException($"Only {nameof(CnnClassifier)} and {nameof(CnnTransformerClassifier)} can be exported, not {model.GetType().Name}."),
        };
        CheckMetadataDescribes(spec, metadata);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var builder = new OnnxGraphBuilder($"edgesound_{spec.Architecture.ToString().ToLowerInvariant()}_{InputKindNames.ToName(spec.InputKind)}");
        var input = builder.AddInput(ModelMetadata.InputName, TensorProto.Types.DataType.Float, [-1, .. metadata.InputShape]);
        switch (model)
        {
            case CnnClassifier cnn: CnnClassifierExport.Emit(builder, cnn, input); break;
            case CnnTransformerClassifier transformer: CnnTransformerClassifierExport.Emit(builder, transformer, input); break;
        }
        builder.AddNode("Softmax", [ModelMetadata.LogitsName], [ModelMetadata.ProbabilitiesName], OnnxAttribute.Int("axis", 1));
        builder.AddOutput(ModelMetadata.LogitsName, TensorProto.Types.DataType.Float, -1, spec.ClassCount);
        builder.AddOutput(ModelMetadata.ProbabilitiesName, TensorProto.Types.DataType.Float, -1, spec.ClassCount);

        var doc = $"EdgeSound {spec.Architecture} ({InputKindNames.ToName(spec.InputKind)} input), {spec.ClassCount} classes: {string.Join(", ", metadata.Labels)}.";
        return builder.Build(metadata.ToProperties(), ProducerVersion, doc);
    }

    /// <summary>The trainer's version, recorded as the model's producer_version.</summary>
    public static string ProducerVersion { get; } =
        typeof(OnnxExporter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(OnnxExporter).Assembly.GetName().Version?.ToString()
        ?? "0";

    // A device trusts the metadata to shape its input and name its classes: it must match the weights.
    private static void CheckMetadataDescribes(ModelSpec spec, ModelMetadata metadata)
    {
        if (metadata.Labels.Count != spec.ClassCount)
            throw new ArgumentException($"The metadata lists {metadata.Labels.Count} labels, the model has {spec.ClassCount} outputs.");
        if (metadata.InputKind != spec.InputKind)
            throw new ArgumentException($"The metadata says input kind {InputKindNames.ToName(metadata.InputKind)}, the model reads {InputKindNames.ToName(spec.InputKind)}.");
        var modelShape = spec.InputShape(1).Skip(1).ToArray();
        if (!metadata.InputShape.SequenceEqual(modelShape))
            throw new ArgumentException(
                $"The metadata's window ({metadata.WindowFrames} frames, features {metadata.Features.MelCount} mels, hop {metadata.Features.HopLength}) " +
                $"gives input [{string.Join(", ", metadata.InputShape)}], the model reads [{string.Join(", ", modelShape)}].");
    }
}
