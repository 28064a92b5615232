using EdgeSound.Shared.Features;
using EdgeSound.Shared.Models;
using Xunit;

namespace EdgeSound.Shared.Tests.Models;

public class ModelMetadataTests
{
    private const string ModelPath = "/models/m.onnx";

    private static readonly ModelMetadata Valid = new()
    {
        Labels = ["dog", "rain", "rooster"],
        Features = FeatureConfig.Default,
        WindowFrames = 128,
        HopFrames = 25,
        InputKind = InputKind.LogMel,
    };

    private static Dictionary<string, string> PropertiesWith(string key, string value) =>
        new(Valid.ToProperties()) { [key] = value };

    [Fact]
    public void What_the_exporter_writes_reads_back_equal()
    {
        var read = ModelMetadata.FromProperties(Valid.ToProperties(), ModelPath);

        Assert.Equal(Valid.Labels, read.Labels);
        Assert.Equal(Valid.Features, read.Features);
        Assert.Equal([1L, 64, 128], read.InputShape);
        Assert.Equal(64 * 128, read.InputLength);
        Assert.Equal(127 * 320 + 1024, read.WindowSamples);
    }

    [Fact]
    public void A_centred_feature_configuration_is_refused_when_the_model_is_opened()
    {
        var centred = FeatureConfig.Default with { Center = true };
        var properties = new Dictionary<string, string>(Valid.ToProperties())
        {
            [ModelMetadata.FeatureConfigKey] = centred.ToJson(),
            [ModelMetadata.FeatureConfigHashKey] = centred.Hash,
        };

        var error = Assert.Throws<ModelMetadataException>(() => ModelMetadata.FromProperties(properties, ModelPath));

        Assert.StartsWith(ModelPath, error.Message);
        Assert.Contains("center=true", error.Message);
    }

    [Theory]
    [InlineData("10000000", "waveform")] // 10 million frames of 320 samples overflow an int
    [InlineData("10000000", "logmel")]   // the input fits, the samples its live window holds do not
    [InlineData("2000000000", "logmel")] // 64 mels x 2e9 frames overflow an int
    public void A_window_too_large_to_hold_is_refused_with_the_key(string windowFrames, string kind)
    {
        var properties = PropertiesWith(ModelMetadata.WindowFramesKey, windowFrames);
        properties[ModelMetadata.InputKindKey] = kind;

        var error = Assert.Throws<ModelMetadataException>(() => ModelMetadata.FromProperties(properties, ModelPath));

        Assert.Contains(ModelMetadata.WindowFramesKey, error.Message);
        Assert.Contains("too large", error.Message);
    }

    [Fact]
    public void Absurd_feature_sizes_in_a_model_file_are_an_error_not_a_crash()
    {
        var json = (FeatureConfig.Default with { MelCount = int.MaxValue }).ToJson();

        var error = Assert.Throws<ModelMetadataException>(() =>
            ModelMetadata.FromProperties(PropertiesWith(ModelMetadata.FeatureConfigKey, json), ModelPath));

        Assert.Contains("must not exceed the FFT's 513 frequency bins", error.Message);
    }
}
