using System.CommandLine;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Onnx;
using EdgeSound.Shared.Onnx.Proto;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Quantization;

namespace EdgeSound.Trainer.Cli;

/// <summary>What <c>trainer quantize</c> is asked to do.</summary>
public sealed record QuantizeRequest
{
    public required string ModelPath { get; init; }
    public required string OutputPath { get; init; }
    public required string DataPath { get; init; }
    public EscSubset Subset { get; init; } = EscSubset.Esc10;
    public int CalibrationWindows { get; init; } = QuantizeCommand.DefaultCalibrationWindows;
    public ulong Seed { get; init; } = 42;

    /// <summary>Use at most this many clips per class and fold (quick runs, tests); null = all.</summary>
    public int? ClipsPerClassPerFold { get; init; }

    public QuantizationOptions Options { get; init; } = new();
}

/// <summary>What <c>trainer quantize</c> did: sizes, op counts and the windows it calibrated on.</summary>
public sealed record QuantizeReport(
    long FloatBytes,
    long Int8Bytes,
    IReadOnlyDictionary<string, int> FloatOps,
    IReadOnlyDictionary<string, int> Int8Ops,
    IReadOnlyDictionary<string, int> RuntimeOps,
    IReadOnlyList<CalibrationWindow> Windows,
    OutputComparison Comparison);

/// <summary>
/// <c>trainer quantize --model fp32.onnx --out int8.onnx --data DIR</c>: static int8 QDQ
/// quantisation, calibrated on windows of the training folds (never the test fold) cut exactly as
/// the device cuts them, with the model's own feature configuration.
/// </summary>
public static class QuantizeCommand
{
    /// <summary>Calibration windows drawn by default (ESC-10's training folds have ~2,900).</summary>
    public const int DefaultCalibrationWindows = 512;

    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "The float ONNX model (exported by 'edgesound-trainer export').", Required = true };
        var output = new Option<string>("--out") { Description = "Where to write the int8 QDQ model.", Required = true };
        var data = new Option<string>("--data") { Description = "The dataset the model was trained on (ESC-50 folder with meta/esc50.csv, or one sub-folder of WAVs per class).", Required = true };
        var subset = SubsetOption.Create();
        var calibration = new Option<string>("--calibration") { Description = $"How activation ranges are chosen: {CalibrationMethodNames.All}.", DefaultValueFactory = _ => "percentile" };
        var weightBits = new Option<int>("--weight-bits") { Description = "Weight range in bits, stored as int8: 7 (default; no saturation in x86 int8 kernels, same results on x86 and ARM) or 8.", DefaultValueFactory = _ => new QuantizationOptions().WeightBits };
        var percentile = new Option<double>("--percentile") { Description = "Percentile of |x| the percentile method clips at.", DefaultValueFactory = _ => RangeEstimator.DefaultPercentile };
        var windows = new Option<int>("--calibration-windows") { Description = "Windows drawn (seeded) from the training folds.", DefaultValueFactory = _ => DefaultCalibrationWindows };
        var keepFloat = new Option<string>("--keep-float")
        {
            Description = "Comma-separated op types (Conv, MatMul, ...) or node names (the exporter names nodes after model parts, e.g. block1.conv) that stay float; 'none' quantises everything that has an integer form.",
            DefaultValueFactory = _ => string.Join(",", QuantizationOptions.DefaultKeepFloat.Order(StringComparer.Ordinal)),
        };
        var clips = new Option<int?>("--clips-per-class-per-fold") { Description = "Read at most this many clips per class and fold (quick runs)." };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the window sampling.", DefaultValueFactory = _ => 42UL };

        var command = new Command("quantize", "Quantise a float ONNX model to int8 (QDQ), calibrated on training-fold windows.")
        {
            model, output, data, subset, calibration, percentile, weightBits, windows, keepFloat, clips, seed,
        };
        command.SetAction(parse =>
        {
            var request = new QuantizeRequest
            {
                ModelPath = parse.GetValue(model)!,
                OutputPath = parse.GetValue(output)!,
                DataPath = parse.GetValue(data)!,
                Subset = SubsetOption.Parse(parse.GetValue(subset)!),
                CalibrationWindows = parse.GetValue(windows),
                ClipsPerClassPerFold = parse.GetValue(clips),
                Seed = parse.GetValue(seed),
                Options = new QuantizationOptions
                {
                    Method = CalibrationMethodNames.Parse(parse.GetValue(calibration)!),
                    Percentile = parse.GetValue(percentile),
                    WeightBits = parse.GetValue(weightBits),
                    KeepFloat = QuantizationOptions.ParseKeepFloat(parse.GetValue(keepFloat)!),
                },
            };
            Run(request, Console.Out);
            return 0;
        });
        return command;
    }

    /// <summary>Quantises as <paramref name="request"/> says, printing progress and a summary to <paramref name="console"/>.</summary>
    /// <exception cref="FileNotFoundException">No model file.</exception>
    /// <exception cref="InvalidDataException">The model is not an EdgeSound ONNX model, or is already int8.</exception>
    /// <exception cref="ArgumentException">A bad option.</exception>
    public static QuantizeReport Run(QuantizeRequest request, TextWriter console)
    {
        if (request.CalibrationWindows < 1) throw new ArgumentException($"--calibration-windows must be >= 1 (got {request.CalibrationWindows}).");
        if (request.Options.WeightBits is not (7 or 8)) throw new ArgumentException($"--weight-bits must be 7 or 8 (got {request.Options.WeightBits}).");
        if (request.Options.Percentile is <= 0 or > 100) throw new ArgumentException($"--percentile must lie in (0, 100] (got {request.Options.Percentile}).");
        var modelPath = Path.GetFullPath(request.ModelPath);
        var outputPath = Path.GetFullPath(request.OutputPath);
        if (modelPath == outputPath) throw new ArgumentException($"--out {request.OutputPath} is the input model; write the int8 model to another file.");

        var floatModel = OnnxModelFile.Load(modelPath);
        var metadata = ReadMetadata(floatModel, modelPath);
        if (metadata.Precision == "int8")
            throw new InvalidDataException($"{modelPath}: already an int8 model (edgesound.precision = int8); quantise the float export instead.");

        var index = LoadTrainingIndex(request, metadata, modelPath);
        console.WriteLine($"Calibration data: {index.Clips.Count} clips of folds {string.Join(",", index.Clips.Select(c => c.Fold).Distinct().Order())} ({index.Description})");
        var store = ClipStore.Load(index, metadata.Features.SampleRate);
        var calibration = CalibrationWindowSampler.Sample(store.Clips, metadata, request.CalibrationWindows, request.Seed);
        console.WriteLine($"Calibrating on {calibration.Windows.Count} windows ({CalibrationMethodNames.ToName(request.Options.Method)}), keeping float: {(request.Options.KeepFloat.Count == 0 ? "nothing" : string.Join(", ", request.Options.KeepFloat.Order(StringComparer.Ordinal)))}");

        QuantizationResult result;
        ModelProto runtime;
        OutputComparison comparison;
        try
        {
            result = ModelQuantizer.Quantize(floatModel, calibration.Data, request.Options);
            // Loading it in ONNX Runtime before writing proves the file is usable and shows the fused integer ops.
            runtime = OnnxRuntimeGraph.Optimize(result.Model);
            comparison = OutputComparison.Of(floatModel, result.Model, calibration.Data);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{modelPath}: {e.Message}", e);
        }
        Directory.CreateDirectory(Path.GetDirectoryName(outputPath)!);
        OnnxModelFile.Save(result.Model, outputPath);

        var report = new QuantizeReport(new FileInfo(modelPath).Length, new FileInfo(outputPath).Length,
            OpCounts.Of(floatModel), OpCounts.Of(result.Model), OpCounts.Of(runtime), calibration.Windows, comparison);
        console.WriteLine($"{modelPath}: {report.FloatBytes:N0} bytes (float32)");
        console.WriteLine($"{outputPath}: {report.Int8Bytes:N0} bytes (int8 QDQ), {(double)report.Int8Bytes / report.FloatBytes:P0} of the float size");
        console.WriteLine($"float ops:   {OpCounts.Format(report.FloatOps)}");
        console.WriteLine($"int8 ops:    {OpCounts.Format(report.Int8Ops)}");
        console.WriteLine($"ORT runs as: {OpCounts.Format(report.RuntimeOps)}");
        // In-sample (training windows): a check that nothing broke, not an accuracy; evaluate on the test fold for that.
        console.WriteLine($"int8 vs float on the {comparison.Windows} calibration windows: top-1 agreement {comparison.Top1Agreement:P1}, " +
                          $"mean |dp| {comparison.MeanAbsoluteDifference:F4}, max |dp| {comparison.MaxAbsoluteDifference:F4}");
        return report;
    }

    private static ModelMetadata ReadMetadata(ModelProto model, string modelPath) =>
        ModelMetadata.FromProperties(OnnxModelFile.Metadata(model), modelPath);

    /// <summary>The dataset's training folds only (the test fold's clips are never even read), checked against the model's labels.</summary>
    private static DatasetIndex LoadTrainingIndex(QuantizeRequest request, ModelMetadata metadata, string modelPath)
    {
        var located = DatasetLocator.Locate(request.DataPath, request.Subset, syntheticFolder: Path.GetTempPath());
        var index = request.ClipsPerClassPerFold is { } k ? located.Index.Subset(k) : located.Index;
        if (!index.Classes.SequenceEqual(metadata.Labels, StringComparer.Ordinal))
            throw new InvalidDataException($"{modelPath}: the model's labels [{string.Join(", ", metadata.Labels)}] differ from the classes of {index.Description} [{string.Join(", ", index.Classes)}]; calibrate on the data the model was trained on (check --data and --subset).");
        var trainingFolds = Enumerable.Range(1, index.FoldCount).Where(f => f != CalibrationWindowSampler.TestFold).ToArray();
        if (trainingFolds.Length == 0)
            throw new InvalidDataException($"{index.Description} has only the test fold {CalibrationWindowSampler.TestFold}; calibration needs training folds.");
        return new DatasetIndex(index.Root, $"{index.Description}, training folds", index.Classes, index.ClipsInFolds(trainingFolds), index.FoldCount);
    }
}
