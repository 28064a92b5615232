using EdgeSound.Shared.Features;
using Xunit;

namespace EdgeSound.Shared.Tests.Features;

public class FeatureMatrixTests
{
    private static FeatureMatrix Numbered(int frames, int mels)
    {
        var m = new FeatureMatrix(frames, mels);
        for (int f = 0; f < frames; f++)
            for (int b = 0; b < mels; b++)
                m[f, b] = f * 100 + b;
        return m;
    }

    [Fact]
    public void Data_is_frame_major()
    {
        var m = Numbered(3, 4);
        Assert.Equal(201f, m.Data[2 * 4 + 1]);
        Assert.Equal([100f, 101f, 102f, 103f], m.Frame(1).ToArray());
    }

    [Fact]
    public void ToMelMajor_transposes_to_mels_by_frames()
    {
        var melMajor = Numbered(3, 4).ToMelMajor();
        Assert.Equal([2f, 102f, 202f], melMajor.AsSpan(2 * 3, 3).ToArray());
    }

    [Fact]
    public void Out_of_range_indices_are_rejected()
    {
        var m = new FeatureMatrix(2, 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => m[2, 0]);
        Assert.Throws<ArgumentOutOfRangeException>(() => m[0, 3]);
        Assert.Throws<ArgumentOutOfRangeException>(() => m.Frame(-1));
        Assert.Throws<ArgumentException>(() => new FeatureMatrix(2, 3, new float[5]));
    }
}
