using EdgeSound.Shared.Features;
using EdgeSound.Shared.Inference;
using EdgeSound.Shared.Models;
using Xunit;

namespace EdgeSound.Shared.Tests.Inference;

public sealed class ModelInputWriterTests
{
    private static float[] Noise(int length)
    {
        var random = new Random(9);
        return Enumerable.Range(0, length).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray();
    }

    [Fact]
    public void A_log_mel_input_is_the_windows_frames_in_mel_major_layout()
    {
        var writer = new ModelInputWriter(TinyModels.Features, TinyModels.WindowFrames, InputKind.LogMel);
        var window = Noise(writer.WindowSamples);
        var row = new float[writer.InputLength];
        writer.Write(window, row);

        var expected = new LogMelExtractor(TinyModels.Features).Extract(window).ToMelMajor();
        Assert.Equal(expected, row);
        Assert.Equal(TinyModels.Metadata().InputShape, writer.InputShape);
        Assert.Equal(TinyModels.Metadata().InputLength, writer.InputLength);
    }

    [Fact]
    public void A_waveform_input_is_the_windows_samples()
    {
        var writer = new ModelInputWriter(TinyModels.Metadata(InputKind.Waveform));
        var window = Noise(writer.WindowSamples);
        var row = new float[writer.InputLength];
        writer.Write(window, row);
        Assert.Equal(window, row);
        Assert.Equal(TinyModels.Metadata(InputKind.Waveform).InputShape, writer.InputShape);
    }

    [Fact]
    public void Windows_of_the_wrong_length_and_centred_features_are_refused()
    {
        var writer = new ModelInputWriter(TinyModels.Features, TinyModels.WindowFrames, InputKind.LogMel);
        Assert.Throws<ArgumentException>(() => writer.Write(new float[writer.WindowSamples - 1], new float[writer.InputLength]));
        Assert.Throws<ArgumentException>(() => writer.Write(new float[writer.WindowSamples], new float[writer.InputLength + 1]));
        var e = Assert.Throws<ArgumentException>(() => new ModelInputWriter(TinyModels.Features with { Center = true }, 10, InputKind.LogMel));
        Assert.Contains("center=false", e.Message);
    }
}
