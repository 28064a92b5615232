using EdgeSound.Shared.Onnx;
using EdgeSound.Shared.Onnx.Proto;
using Google.Protobuf;
using Microsoft.ML.OnnxRuntime;

namespace EdgeSound.Trainer.Quantization;

/// <summary>The graph ONNX Runtime actually executes for a model: after its ORT_ENABLE_ALL fusions.</summary>
public static class OnnxRuntimeGraph
{
    /// <summary>
    /// Loads <paramref name="model"/> in ONNX Runtime at ORT_ENABLE_ALL and returns the optimised
    /// graph it wrote (QDQ groups fused into QLinearConv, QGemm, ...). Also proves the model loads.
    /// </summary>
    /// <exception cref="InvalidDataException">ONNX Runtime refuses the model.</exception>
    public static ModelProto Optimize(ModelProto model)
    {
        var path = Path.Combine(Path.GetTempPath(), $"edgesound-optimized-{Guid.NewGuid():N}.onnx");
        try
        {
            using var options = new SessionOptions
            {
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                OptimizedModelFilePath = path,
                IntraOpNumThreads = 1,
                LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
            };
            using (new InferenceSession(model.ToByteArray(), options)) { }
            return OnnxModelFile.Load(path);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"ONNX Runtime cannot load the quantised model: {e.Message}", e);
        }
        finally
        {
            if (File.Exists(path)) File.Delete(path);
        }
    }
}
