using System.CommandLine;
using EdgeSound.Edge.Benchmarking;

namespace EdgeSound.Edge.Commands;

/// <summary>
/// <c>edgesound bench</c>: how this device copes: model load, feature time per hop, float vs int8
/// inference, and the whole pipeline over a long generated stream (real-time factor, memory).
/// </summary>
public static class BenchCommand
{
    public static Command Create()
    {
        var model = ModelLocation.CreateOption();
        model.Description = "The int8 model; its float twin is the same name with .fp32.onnx (default: models/esc10.onnx).";
        var floatModel = new Option<string?>("--float-model") { Description = "The float model, if not beside the int8 one as NAME.fp32.onnx." };
        var seconds = new Option<double>("--seconds") { Description = "Seconds of generated audio through the pipeline.", DefaultValueFactory = _ => 600 };
        var command = new Command("bench", "Measure this device: model load, features per hop, float vs int8 inference, real-time factor, memory.")
        {
            model, floatModel, seconds,
        };
        command.SetAction(parse =>
        {
            string int8 = ModelLocation.Resolve(parse.GetValue(model));
            string fp32 = ModelLocation.Resolve(parse.GetValue(floatModel) ?? Path.ChangeExtension(int8, ".fp32.onnx"));
            if (parse.GetValue(seconds) is var s && (!double.IsFinite(s) || s < 10))
                throw new ArgumentException($"--seconds {s}: give at least 10.");
            DeviceBenchmark.Run(fp32, int8, parse.GetValue(seconds), Console.Out);
            return 0;
        });
        return command;
    }
}
