using EdgeSound.Shared.Onnx;
using EdgeSound.Shared.Onnx.Proto;
using EdgeSound.Trainer.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Export;

/// <summary>
/// Writes a <see cref="ConvStack"/> (1-D or 2-D) as ONNX: per block a Conv with the batch norm
/// folded in, a Relu and a MaxPool. Geometry (kernel, stride, padding, pool) is read from the
/// trained modules themselves, so the graph follows whatever the stack was built with.
/// </summary>
internal static class ConvStackExport
{
    /// <summary>Appends the stack to <paramref name="builder"/> reading <paramref name="input"/>; returns the feature map's name.</summary>
    public static string Emit(OnnxGraphBuilder builder, ConvStack stack, string input)
    {
        var x = input;
        for (int i = 0; i < stack.Blocks.Count; i++)
            x = EmitBlock(builder, stack.Blocks[i], $"block{i + 1}", x);
        return x;
    }

    private static string EmitBlock(OnnxGraphBuilder builder, ConvBlock block, string name, string input)
    {
        var conv = block.Conv;
        if (conv.transposed || conv.groups != 1 || conv.padding_type is not null || conv.padding_mode != PaddingModes.Zeros)
            throw new NotSupportedException($"{name}: only plain zero-padded convolutions with explicit padding are exported.");

        var folded = BatchNormFolding.Fold(conv, block.Norm);
        var weight = builder.AddInitializer($"{name}.conv.weight", folded.Weight, folded.Shape);
        var bias = builder.AddInitializer($"{name}.conv.bias", folded.Bias, folded.Bias.Length);
        int spatial = conv.kernel_size.Length;
        var x = builder.AddNode("Conv", [input, weight, bias], $"{name}.conv",
            OnnxAttribute.Ints("kernel_shape", conv.kernel_size),
            OnnxAttribute.Ints("strides", PerAxis(conv.stride, spatial, 1)),
            OnnxAttribute.Ints("pads", [.. PerAxis(conv.padding, spatial, 0), .. PerAxis(conv.padding, spatial, 0)]),
            OnnxAttribute.Ints("dilations", PerAxis(conv.dilation, spatial, 1)));
        x = builder.AddNode("Relu", [x], $"{name}.relu");
        return EmitPool(builder, block.Pool, name, x, spatial);
    }

    private static string EmitPool(OnnxGraphBuilder builder, nn.Module<Tensor, Tensor> pool, string name, string input, int spatial)
    {
        (long[] kernel, long[] stride, long[] padding, long[] dilation, bool ceil) = pool switch
        {
            MaxPool1d p => ([p.kernel_size], [p.stride ?? p.kernel_size], [p.padding ?? 0], [p.dilation ?? 1], p.ceil_mode),
            MaxPool2d p => (p.kernel_size, p.stride ?? p.kernel_size, p.padding ?? [0], p.dilation ?? [1], p.ceil_mode),
            _ => throw new NotSupportedException($"{name}: pooling module {pool.GetType().Name} is not exported (MaxPool1d or MaxPool2d expected)."),
        };
        if (kernel.Length != spatial)
            throw new NotSupportedException($"{name}: a {kernel.Length}-D pool after a {spatial}-D convolution.");
        var pads = PerAxis(padding, spatial, 0);
        return builder.AddNode("MaxPool", [input], $"{name}.pool",
            OnnxAttribute.Ints("kernel_shape", kernel),
            OnnxAttribute.Ints("strides", PerAxis(stride, spatial, 1)),
            OnnxAttribute.Ints("pads", [.. pads, .. pads]),
            OnnxAttribute.Ints("dilations", PerAxis(dilation, spatial, 1)),
            OnnxAttribute.Int("ceil_mode", ceil ? 1 : 0));
    }

    // TorchSharp stores a setting given as one number once; ONNX wants one value per spatial axis.
    private static long[] PerAxis(long[]? values, int axes, long fallback) => values switch
    {
        null or [] => Enumerable.Repeat(fallback, axes).ToArray(),
        [var single] => Enumerable.Repeat(single, axes).ToArray(),
        _ when values.Length == axes => values,
        _ => throw new NotSupportedException($"{values.Length} values for {axes} spatial axes."),
    };
}
