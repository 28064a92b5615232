using EdgeSound.Shared.IO;

namespace EdgeSound.Shared.Tests.Features;

/// <summary>The reference signals and log-mels written by tools/make_feature_fixtures.py.</summary>
internal static class FeatureFixtures
{
    public static readonly string[] Names = ["sine_1khz", "chirp_100_7000", "white_noise", "silence", "impulse"];

    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Fixtures", "features");

    public static float[] Input(string name)
    {
        var (data, shape) = NpyFile.Read(Path.Combine(Folder, name + ".input.npy"));
        if (shape.Length != 1) throw new InvalidDataException($"{name}.input.npy should be 1-D, is ({string.Join(", ", shape)}).");
        return data;
    }

    /// <summary>[n_mels, n_frames] reference; <paramref name="variant"/> is "logmel" or "logmel_center".</summary>
    public static (float[] Data, int[] Shape) Reference(string name, string variant) =>
        NpyFile.Read(Path.Combine(Folder, $"{name}.{variant}.npy"));
}
