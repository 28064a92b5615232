using EdgeSound.Shared.Models;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using static EdgeSound.Trainer.Models.ConvStackGeometry;

namespace EdgeSound.Trainer.Models;

/// <summary>
/// The shared convolutional front end of both architectures, four <see cref="ConvBlock"/>s with
/// channels base, 2x, 4x, 8x. LogMel: [B,1,M,F] -> [B,8c,M/16,F/16]. Waveform (16 kHz):
/// [B,1,S] -> [B,8c,T], the first layer a wide strided kernel that acts as a learned filterbank.
/// </summary>
public sealed class ConvStack : nn.Module<Tensor, Tensor>
{
    private readonly Sequential blocks;

    /// <summary>Builds the front end the spec's input kind needs (the spec is validated first).</summary>
    public ConvStack(ModelSpec spec) : base(nameof(ConvStack))
    {
        spec.Validate();
        InputKind = spec.InputKind;
        OutputChannels = ConvStackGeometry.OutputChannels(spec.BaseChannels);
        blocks = nn.Sequential(Enumerable.Range(0, BlockCount)
            .Select(i => ($"block{i + 1}", (nn.Module<Tensor, Tensor>)MakeBlock(spec, i))));
        RegisterComponents();
    }

    /// <summary>The input kind this stack was built for.</summary>
    public InputKind InputKind { get; }

    /// <summary>Channels of the output feature map.</summary>
    public int OutputChannels { get; }

    /// <summary>The blocks in order, for the ONNX exporter.</summary>
    public IReadOnlyList<ConvBlock> Blocks => blocks.Children<ConvBlock>();

    private static ConvBlock MakeBlock(ModelSpec spec, int index)
    {
        string name = $"block{index + 1}";
        long inChannels = index == 0 ? 1 : ChannelsOfBlock(spec.BaseChannels, index - 1);
        long outChannels = ChannelsOfBlock(spec.BaseChannels, index);
        if (spec.InputKind == InputKind.LogMel)
            return ConvBlock.TwoD(name, inChannels, outChannels, LogMelKernel, LogMelPool);
        return index == 0
            ? ConvBlock.OneD(name, inChannels, outChannels, WaveformFirstKernel, WaveformFirstStride, padding: 0, WaveformPool)
            : ConvBlock.OneD(name, inChannels, outChannels, WaveformKernel, stride: 1, padding: WaveformKernel / 2, WaveformPool);
    }

    /// <inheritdoc/>
    public override Tensor forward(Tensor input) => blocks.forward(input);
}
