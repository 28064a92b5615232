using System.Text.Json;
using EdgeSound.Shared.Models;
using EdgeSound.Shared.Onnx.Proto;

namespace EdgeSound.Trainer.Quantization;

/// <summary>A quantised model and how it was made.</summary>
/// <param name="Model">The QDQ int8 model.</param>
/// <param name="Plan">Which nodes and tensors were quantised.</param>
/// <param name="Ranges">The range of every quantised activation tensor.</param>
/// <param name="Parameters">The uint8 scale and zero point of every quantised activation tensor.</param>
public sealed record QuantizationResult(ModelProto Model, QuantizationPlan Plan,
    IReadOnlyDictionary<string, ActivationRange> Ranges, IReadOnlyDictionary<string, UInt8Quantization> Parameters);

/// <summary>
/// Static int8 quantisation of a float model: plan, calibrate activations in ONNX Runtime,
/// rewrite as QDQ, and mark the metadata (precision "int8" and how it was calibrated).
/// </summary>
public static class ModelQuantizer
{
    /// <summary>The metadata key that records how the model was quantised (JSON object).</summary>
    public const string QuantizationKey = "edgesound.quantization";

    /// <summary>Quantises <paramref name="floatModel"/> with activation ranges calibrated on <paramref name="data"/>.</summary>
    public static QuantizationResult Quantize(ModelProto floatModel, CalibrationData data, QuantizationOptions options)
    {
        var plan = QuantizationPlan.Create(floatModel, options);
        var statistics = ActivationCalibrator.Collect(floatModel, plan.CalibratedTensors, data, options.CalibrationBatchSize);

        var ranges = new Dictionary<string, ActivationRange>(StringComparer.Ordinal);
        foreach (var tensor in plan.QuantizedTensors)
        {
            ranges[tensor] = plan.SharedRanges.TryGetValue(tensor, out var source) ? ranges[source]
                : plan.UnitRangeTensors.Contains(tensor) ? new ActivationRange(0, 1)
                : RangeEstimator.Estimate(statistics[tensor], options.Method, options.Percentile);
        }
        var parameters = ranges.ToDictionary(r => r.Key, r => UInt8Quantization.ForRange(r.Value), StringComparer.Ordinal);

        var model = QdqRewriter.Rewrite(floatModel, plan, parameters, options.WeightBits);
        SetMetadata(model, Describe(options, data.Count));
        return new QuantizationResult(model, plan, ranges, parameters);
    }

    /// <summary>The <see cref="QuantizationKey"/> JSON for these options and calibration windows.</summary>
    public static string Describe(QuantizationOptions options, int calibrationWindows) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["calibration"] = CalibrationMethodNames.ToName(options.Method),
        ["percentile"] = options.Method == CalibrationMethod.Percentile ? options.Percentile : null!,
        ["calibration_windows"] = calibrationWindows,
        ["weights"] = $"int8 symmetric per channel, {options.WeightBits}-bit range",
        ["activations"] = "uint8 per tensor",
        ["format"] = "QDQ",
        ["keep_float"] = options.KeepFloat.Order(StringComparer.Ordinal).ToArray(),
    }.Where(p => p.Value is not null).ToDictionary());

    /// <summary>Keeps every metadata entry, sets the precision to "int8" and records <paramref name="quantizationJson"/>.</summary>
    private static void SetMetadata(ModelProto model, string quantizationJson)
    {
        Set(model, ModelMetadata.PrecisionKey, "int8");
        Set(model, QuantizationKey, quantizationJson);
    }

    private static void Set(ModelProto model, string key, string value)
    {
        var entries = model.MetadataProps.Where(p => p.Key == key).ToList();
        foreach (var entry in entries) model.MetadataProps.Remove(entry);
        model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
    }
}
