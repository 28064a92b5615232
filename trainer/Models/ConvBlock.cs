using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Models;

/// <summary>
/// One front-end block: convolution -> batch norm -> ReLU -> max pool, in 1-D (waveform) or 2-D
/// (log-mel). The convolution has no bias because the batch norm right after it would cancel it.
/// </summary>
public sealed class ConvBlock : nn.Module<Tensor, Tensor>
{
    private readonly Convolution conv;
    private readonly BatchNorm norm;
    private readonly ReLU relu;
    private readonly nn.Module<Tensor, Tensor> pool;

    private ConvBlock(string name, Convolution conv, BatchNorm norm, nn.Module<Tensor, Tensor> pool) : base(name)
    {
        this.conv = conv;
        this.norm = norm;
        relu = nn.ReLU();
        this.pool = pool;
        RegisterComponents();
    }

    /// <summary>Conv2d(kernel, same padding) + BatchNorm2d + ReLU + MaxPool2d(pool).</summary>
    public static ConvBlock TwoD(string name, long inChannels, long outChannels, long kernel, long pool) =>
        new(name,
            nn.Conv2d(inChannels, outChannels, kernel, padding: kernel / 2, bias: false),
            nn.BatchNorm2d(outChannels),
            nn.MaxPool2d(pool));

    /// <summary>Conv1d(kernel, stride, padding) + BatchNorm1d + ReLU + MaxPool1d(pool).</summary>
    public static ConvBlock OneD(string name, long inChannels, long outChannels, long kernel, long stride, long padding, long pool) =>
        new(name,
            nn.Conv1d(inChannels, outChannels, kernel, stride: stride, padding: padding, bias: false),
            nn.BatchNorm1d(outChannels),
            nn.MaxPool1d(pool));

    /// <summary>The convolution (Conv1d or Conv2d, no bias).</summary>
    public Convolution Conv => conv;

    /// <summary>The batch norm (BatchNorm1d or BatchNorm2d).</summary>
    public BatchNorm Norm => norm;

    /// <summary>The activation.</summary>
    public ReLU Activation => relu;

    /// <summary>The max pool (MaxPool1d or MaxPool2d).</summary>
    public nn.Module<Tensor, Tensor> Pool => pool;

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        using var scope = NewDisposeScope();
        var x = conv.forward(input);
        x = norm.forward(x);
        x = relu.forward(x);
        x = pool.forward(x);
        return x.MoveToOuterDisposeScope();
    }
}
