using EdgeSound.Shared.Features;
using Xunit;

namespace EdgeSound.Shared.Tests.Features;

public class MelMajorLayoutTests
{
    /// <summary>3 frames of 2 mels, value 10*frame + mel, frame-major.</summary>
    private static readonly float[] FrameMajor3x2 = [0f, 1f, 10f, 11f, 20f, 21f];

    [Fact]
    public void Turns_frame_major_features_into_rows_of_mel_bands()
    {
        var input = new float[6];

        MelMajorLayout.FromFrameMajor(FrameMajor3x2, frames: 3, mels: 2, input);

        // input[mel * frames + frame]: mel 0's three frames, then mel 1's.
        Assert.Equal([0f, 10f, 20f, 1f, 11f, 21f], input);
    }

    [Fact]
    public void Writes_one_frame_as_one_column()
    {
        var input = new float[6];
        input.AsSpan().Fill(-1f);

        MelMajorLayout.WriteColumn([10f, 11f], column: 1, columns: 3, input);

        Assert.Equal([-1f, 10f, -1f, -1f, 11f, -1f], input);
    }

    [Fact]
    public void Lays_out_a_window_without_allocating()
    {
        var frames = new float[128 * 64];
        var input = new float[64 * 128];
        MelMajorLayout.FromFrameMajor(frames, 128, 64, input); // warm up

        long before = GC.GetAllocatedBytesForCurrentThread();
        MelMajorLayout.FromFrameMajor(frames, 128, 64, input);

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
