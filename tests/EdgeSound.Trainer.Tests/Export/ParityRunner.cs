using ModelMetadata = EdgeSound.Shared.Models.ModelMetadata;
using EdgeSound.Shared.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;
using DenseTensor = Microsoft.ML.OnnxRuntime.Tensors.DenseTensor<float>;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Tests.Export;

/// <summary>Runs an exported model in ONNX Runtime and the module in TorchSharp on the same input.</summary>
public static class ParityRunner
{
    /// <summary>ONNX Runtime's logits and probabilities for <paramref name="input"/> of <paramref name="shape"/>.</summary>
    public static (float[] Logits, float[] Probabilities) RunOnnx(InferenceSession session, float[] input, long[] shape)
    {
        var tensor = new DenseTensor(input, shape.Select(d => (int)d).ToArray());
        using var results = session.Run([NamedOnnxValue.CreateFromTensor(ModelMetadata.InputName, tensor)]);
        return (results.Single(r => r.Name == ModelMetadata.LogitsName).AsTensor<float>().ToArray(),
                results.Single(r => r.Name == ModelMetadata.ProbabilitiesName).AsTensor<float>().ToArray());
    }

    /// <summary>The module's logits (eval mode, no gradients) for the same input.</summary>
    public static float[] RunTorch(nn.Module<Tensor, Tensor> model, float[] input, long[] shape)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return model.forward(tensor(input).reshape(shape)).contiguous().data<float>().ToArray();
    }

    /// <summary>An in-memory session on an exported model (no file needed).</summary>
    public static InferenceSession Session(ModelProto model) => new(model.ToByteArray());

    public static float MaxAbsDifference(float[] a, float[] b)
    {
        if (a.Length != b.Length) throw new ArgumentException($"lengths {a.Length} and {b.Length} differ");
        float max = 0;
        for (int i = 0; i < a.Length; i++) max = Math.Max(max, Math.Abs(a[i] - b[i]));
        return max;
    }

    /// <summary>Largest |row sum - 1| over the rows of a [rows, classes] probability matrix.</summary>
    public static double WorstRowSumError(float[] probabilities, int classes)
    {
        double worst = 0;
        for (int row = 0; row < probabilities.Length / classes; row++)
        {
            double sum = 0;
            for (int c = 0; c < classes; c++) sum += probabilities[row * classes + c];
            worst = Math.Max(worst, Math.Abs(sum - 1));
        }
        return worst;
    }

    /// <summary>Row-wise softmax, in double, as the reference for the probabilities output.</summary>
    public static float[] Softmax(float[] logits, int classes)
    {
        var result = new float[logits.Length];
        for (int row = 0; row < logits.Length / classes; row++)
        {
            var span = logits.AsSpan(row * classes, classes);
            double max = double.NegativeInfinity;
            foreach (var v in span) max = Math.Max(max, v);
            double sum = 0;
            foreach (var v in span) sum += Math.Exp(v - max);
            for (int c = 0; c < classes; c++) result[row * classes + c] = (float)(Math.Exp(span[c] - max) / sum);
        }
        return result;
    }
}
