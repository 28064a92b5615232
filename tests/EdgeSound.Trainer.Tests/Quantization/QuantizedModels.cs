using EdgeSound.Shared.Onnx;
using EdgeSound.Shared.Onnx.Proto;
using EdgeSound.Trainer.Quantization;
using Microsoft.ML.OnnxRuntime;

namespace EdgeSound.Trainer.Tests.Quantization;

/// <summary>Quantises the test graphs into a temporary folder and runs the files in ONNX Runtime.</summary>
internal sealed class QuantizedModels : IDisposable
{
    public string Folder { get; } = Directory.CreateTempSubdirectory("edgesound-quant-").FullName;

    public void Dispose() => Directory.Delete(Folder, recursive: true);

    /// <summary>Calibrates on 64 seeded inputs, writes float and int8 files; returns their paths and the result.</summary>
    public (string FloatPath, string Int8Path, QuantizationResult Result) Quantize(ModelProto model, string name, QuantizationOptions? options = null)
    {
        var result = ModelQuantizer.Quantize(model, TestGraphs.Inputs(64, seed: 7), options ?? new QuantizationOptions());
        var floatPath = Path.Combine(Folder, name + ".onnx");
        var int8Path = Path.Combine(Folder, name + ".int8.onnx");
        OnnxModelFile.Save(model, floatPath);
        OnnxModelFile.Save(result.Model, int8Path);
        return (floatPath, int8Path, result);
    }

    /// <summary>The model ONNX Runtime runs after ORT_ENABLE_ALL (its fused integer ops), written with OptimizedModelFilePath and parsed back.</summary>
    public ModelProto Optimized(string modelPath)
    {
        var optimizedPath = Path.ChangeExtension(modelPath, ".optimized.onnx");
        using var options = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            OptimizedModelFilePath = optimizedPath,
            IntraOpNumThreads = 1,
            LogSeverityLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR,
        };
        using (new InferenceSession(modelPath, options)) { }
        return OnnxModelFile.Load(optimizedPath);
    }

    /// <summary>The "probabilities" output for every row of <paramref name="data"/>, row-major.</summary>
    public static float[] Probabilities(string modelPath, CalibrationData data)
    {
        using var options = new SessionOptions { GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL, IntraOpNumThreads = 1 };
        using var session = new InferenceSession(modelPath, options);
        using var input = OrtValue.CreateTensorValueFromMemory(data.Inputs, [data.Count, .. data.RowShape]);
        using var runOptions = new RunOptions();
        using var outputs = session.Run(runOptions, [data.InputName], [input], ["probabilities"]);
        return outputs[0].GetTensorDataAsSpan<float>().ToArray();
    }
}
