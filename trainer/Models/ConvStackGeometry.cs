using EdgeSound.Shared.Models;
namespace EdgeSound.Trainer.Models;

/// <summary>
/// The shape arithmetic of <see cref="ConvStack"/>, kept free of torch so a spec can be validated
/// (and token counts known) without loading libtorch. The stack builds from these same constants.
/// </summary>
public static class ConvStackGeometry
{
    /// <summary>Number of conv blocks in either front end; channels double per block.</summary>
    public const int BlockCount = 4;

    /// <summary>Log-mel blocks: 3x3 kernel, padding 1 (size kept), then MaxPool2d(2).</summary>
    public const int LogMelKernel = 3;

    /// <summary>Pooling factor of every log-mel block, on both axes.</summary>
    public const int LogMelPool = 2;

    /// <summary>First waveform layer: 80 samples = 5 ms at 16 kHz, a learnable filterbank.</summary>
    public const int WaveformFirstKernel = 80;

    /// <summary>Stride of the first waveform layer.</summary>
    public const int WaveformFirstStride = 4;

    /// <summary>Kernel of the later waveform blocks (padding 1 keeps the length).</summary>
    public const int WaveformKernel = 3;

    /// <summary>Pooling factor of every waveform block.</summary>
    public const int WaveformPool = 4;

    /// <summary>Output channels of block <paramref name="index"/> (0-based): base, 2x, 4x, 8x.</summary>
    public static int ChannelsOfBlock(int baseChannels, int index) => baseChannels << index;

    /// <summary>Channels leaving the last block.</summary>
    public static int OutputChannels(int baseChannels) => ChannelsOfBlock(baseChannels, BlockCount - 1);

    /// <summary>Time steps leaving the stack (the token count of Arch2); below 1 means the input is too short.</summary>
    public static int OutputTimeSteps(ModelSpec spec) => spec.InputKind switch
    {
        InputKind.LogMel => PooledLength(spec.WindowFrames, LogMelPool),
        InputKind.Waveform => WaveformOutputLength(spec.WindowSamples),
        _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.InputKind, "unknown input kind"),
    };

    /// <summary>Mel bins leaving the log-mel stack (0 for waveform input).</summary>
    public static int OutputFrequencyBins(ModelSpec spec) =>
        spec.InputKind == InputKind.LogMel ? PooledLength(spec.MelCount, LogMelPool) : 0;

    /// <summary>Smallest log-mel axis length (mels or frames) that survives the four pools.</summary>
    public static int MinimumLogMelAxis => Power(LogMelPool, BlockCount);

    /// <summary>Smallest waveform window that leaves at least one time step.</summary>
    public static int MinimumWindowSamples =>
        WaveformFirstKernel + WaveformFirstStride * (Power(WaveformPool, BlockCount) - 1);

    private static int WaveformOutputLength(int samples)
    {
        if (samples < WaveformFirstKernel) return 0;
        int length = (samples - WaveformFirstKernel) / WaveformFirstStride + 1;
        return PooledLength(length, WaveformPool);
    }

    // Every block ends in a floor-mode max pool; the convolutions before the pools keep the length.
    private static int PooledLength(int length, int pool)
    {
        for (int i = 0; i < BlockCount; i++) length /= pool;
        return length;
    }

    private static int Power(int value, int exponent)
    {
        int result = 1;
        for (int i = 0; i < exponent; i++) result *= value;
        return result;
    }
}
