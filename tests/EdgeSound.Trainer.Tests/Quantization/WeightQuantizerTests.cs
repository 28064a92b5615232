using EdgeSound.Shared.Onnx.Proto;
using EdgeSound.Trainer.Quantization;
using Xunit;

namespace EdgeSound.Trainer.Tests.Quantization;

public sealed class WeightQuantizerTests
{
    [Fact]
    public void Per_channel_scales_are_max_abs_over_127_and_values_round_to_the_nearest_step()
    {
        // A Gemm weight [out=2, in=3]: channel 0 has max|w| = 2, channel 1 has 0.3.
        float[] w = [1f, -2f, 0.5f, 0.1f, 0.2f, -0.3f];

        var q = WeightQuantizer.Quantize(w, [2, 3], axis: 0);

        Assert.Equal([2f / 127f, 0.3f / 127f], q.Scales);
        // 1/(2/127) = 63.5 -> 64 (half to even), 0.5/(2/127) = 31.75 -> 32; 0.1/(0.3/127) = 42.33 -> 42, 84.67 -> 85.
        Assert.Equal([(sbyte)64, (sbyte)-127, (sbyte)32, (sbyte)42, (sbyte)85, (sbyte)-127], q.Values);
    }

    [Fact]
    public void A_matmul_weight_in_out_gets_one_scale_per_output_column()
    {
        // [in=2, out=3]: column maxima 4, 0.5, 1.
        float[] w = [4f, 0.5f, -1f, -2f, 0.25f, 0.5f];

        var q = WeightQuantizer.Quantize(w, [2, 3], axis: 1);

        Assert.Equal([4f / 127f, 0.5f / 127f, 1f / 127f], q.Scales);
        Assert.Equal([(sbyte)127, (sbyte)127, (sbyte)-127, (sbyte)-64, (sbyte)64, (sbyte)64], q.Values);
    }

    [Fact]
    public void Biases_are_int32_in_the_scale_input_scale_times_weight_scale()
    {
        var b = WeightQuantizer.QuantizeBias([0.5f, -1f], inputScale: 0.1f, weightScales: [0.01f, 0.02f]);

        Assert.Equal([0.1f * 0.01f, 0.1f * 0.02f], b.Scales);
        Assert.Equal([500, -500], b.Values);
    }

    [Fact]
    public void The_quantised_cnn_stores_each_conv_channel_with_scale_max_abs_over_63_by_default_and_its_bias_in_the_accumulator_scale()
    {
        var model = TestGraphs.Cnn();
        var result = ModelQuantizer.Quantize(model, TestGraphs.Inputs(32, seed: 3), new QuantizationOptions());
        var floatWeights = InitializerData.ReadFloats(model.Graph.Initializer.Single(t => t.Name == "conv2_w")); // [16, 8, 3, 3]
        var initializers = result.Model.Graph.Initializer.ToDictionary(t => t.Name);
        // Conv2 reads DequantizeLinear(int8 weights, scales, zero points) and DequantizeLinear(int32 bias, ...).
        var producers = result.Model.Graph.Node.ToDictionary(n => n.Output[0]);
        var conv2 = result.Model.Graph.Node.Where(n => n.OpType == "Conv").ElementAt(1);
        var weightDq = producers[conv2.Input[1]];
        var biasDq = producers[conv2.Input[2]];

        var scales = InitializerData.ReadFloats(initializers[weightDq.Input[1]]);
        Assert.Equal(16, scales.Length);
        for (int c = 0; c < 16; c++)
        {
            float maxAbs = floatWeights.AsSpan(c * 72, 72).ToArray().Max(Math.Abs);
            Assert.Equal(maxAbs / 63f, scales[c], 6); // 7-bit weights by default (QuantizationOptions.WeightBits)
        }
        var values = initializers[weightDq.Input[0]];
        Assert.Equal((int)TensorProto.Types.DataType.Int8, values.DataType);
        Assert.Equal([16L, 8, 3, 3], values.Dims);
        // The conv2 input is pool1, whose uint8 scale is relu1's (MaxPool shares its input's parameters).
        Assert.Equal(result.Parameters["relu1"], result.Parameters["pool1"]);
        var biasScales = InitializerData.ReadFloats(initializers[biasDq.Input[1]]);
        for (int c = 0; c < 16; c++) Assert.Equal(result.Parameters["pool1"].Scale * scales[c], biasScales[c], 6);
        Assert.Equal((int)TensorProto.Types.DataType.Int32, initializers[biasDq.Input[0]].DataType);
        Assert.DoesNotContain("conv2_w", initializers.Keys); // the float weights are gone
    }

    [Fact]
    public void Seven_bit_weights_use_levels_up_to_63()
    {
        var q = WeightQuantizer.Quantize([1.1f, -2f, 0.5f, 0.3f], [2, 2], axis: 0, bits: 7);
        Assert.Equal([2f / 63f, 0.5f / 63f], q.Scales);
        // 1.1/(2/63) = 34.65 -> 35, -2 -> -63; 0.5 -> 63, 0.3/(0.5/63) = 37.8 -> 38.
        Assert.Equal([(sbyte)35, (sbyte)-63, (sbyte)63, (sbyte)38], q.Values);
    }
}
