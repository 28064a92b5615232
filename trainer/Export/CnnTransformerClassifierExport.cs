using EdgeSound.Shared.Models;
using EdgeSound.Shared.Onnx;
using EdgeSound.Trainer.Models;

namespace EdgeSound.Trainer.Export;

/// <summary>
/// Writes Arch2 (<see cref="CnnTransformerClassifier"/>): conv stack, (log-mel: ReduceMean over
/// the mel axis), Transpose to time-major tokens, projection to d, the CLS token expanded to the
/// dynamic batch and concatenated in front, positional embedding added, the encoder blocks, the
/// final LayerNorm, Gather of the CLS position and the output Gemm. Dropouts are left out (eval).
/// </summary>
internal static class CnnTransformerClassifierExport
{
    public static void Emit(OnnxGraphBuilder builder, CnnTransformerClassifier model, string input)
    {
        var spec = model.Spec;
        long d = spec.FeaturesLength;
        int sequenceLength = model.TokenCount + 1;

        var maps = ConvStackExport.Emit(builder, model.Features, input);                  // LogMel [B,C,M',T]; Waveform [B,C,T]
        var steps = spec.InputKind == InputKind.LogMel
            ? builder.AddNode("ReduceMean", [maps], "mel_mean", OnnxAttribute.Ints("axes", 2), OnnxAttribute.Int("keepdims", 0))
            : maps;                                                                          // [B, C, T]
        var timeMajor = builder.AddNode("Transpose", [steps], "time_major", OnnxAttribute.Ints("perm", 0, 2, 1));
        var tokens = LinearExport.MatMul(builder, model.Projection, "projection", timeMajor); // [B, T, d]

        var cls = ExpandedClsToken(builder, model, tokens, d);                               // [B, 1, d]
        var sequence = builder.AddNode("Concat", [cls, tokens], "sequence", OnnxAttribute.Int("axis", 1));
        // Only the rows the sequence uses: the rest of the table never reaches the output.
        var positions = Weights.Of(model.PositionalEmbedding.narrow(1, 0, sequenceLength));
        var positionsName = builder.AddInitializer("positional_embedding", positions, 1, sequenceLength, d);
        sequence = builder.AddNode("Add", [sequence, positionsName], "embedded");

        var blocks = model.Blocks;
        for (int i = 0; i < blocks.Count; i++)
            sequence = TransformerBlockExport.Emit(builder, blocks[i], $"block{i + 1}", sequence);
        sequence = LayerNormExport.Emit(builder, model.FinalNorm, "final_norm", sequence);

        var clsIndex = builder.AddInitializer("cls_index", [0L]);                          // rank 0: Gather drops the axis
        var clsOutput = builder.AddNode("Gather", [sequence, clsIndex], "cls_output", OnnxAttribute.Int("axis", 1)); // [B, d]
        LinearExport.Gemm(builder, model.Output, "out", clsOutput, exactOutput: ModelMetadata.LogitsName);
    }

    // The learned [1, 1, d] token, expanded to [B, 1, d] with B read from the tokens at run time.
    private static string ExpandedClsToken(OnnxGraphBuilder builder, CnnTransformerClassifier model, string tokens, long d)
    {
        var token = builder.AddInitializer("cls_token", Weights.Of(model.ClsToken), 1, 1, d);
        var batch = builder.AddNode("Shape", [tokens], "batch_size", OnnxAttribute.Int("start", 0), OnnxAttribute.Int("end", 1));
        var rest = builder.AddInitializer("cls_shape_tail", [1L, d], 2);
        var shape = builder.AddNode("Concat", [batch, rest], "cls_shape", OnnxAttribute.Int("axis", 0));
        return builder.AddNode("Expand", [token, shape], "cls");
    }
}
