using EdgeSound.Shared.Features;
using Xunit;

namespace EdgeSound.Shared.Tests.Features;

public class FeatureConfigTests
{
    private static readonly FeatureConfig D = FeatureConfig.Default;

    [Fact]
    public void Default_has_the_documented_values()
    {
        Assert.Equal(16000, D.SampleRate);
        Assert.Equal(1024, D.FftSize);
        Assert.Equal(1024, D.WindowLength);
        Assert.Equal(320, D.HopLength);
        Assert.Equal(WindowType.Hann, D.Window);
        Assert.Equal(64, D.MelCount);
        Assert.Equal(0.0, D.FMin);
        Assert.Equal(8000.0, D.FMax);
        Assert.Equal(MelScale.Slaney, D.MelScale);
        Assert.Equal(MelNorm.Slaney, D.MelNorm);
        Assert.Equal(2.0, D.Power);
        Assert.Equal(1e-10, D.LogFloor);
        Assert.False(D.Center);
        Assert.Equal(PadMode.Zero, D.PadMode);
        D.Validate();
    }

    [Fact]
    public void Default_hash_is_the_golden_value()
    {
        // Changing any default changes this hash: update it only on purpose (models trained on the old features break).
        Assert.Equal("2ba26b21b9da9020", D.Hash);
    }

    [Fact]
    public void Json_round_trip_gives_an_equal_config()
    {
        var config = D with { Window = WindowType.Hamming, MelScale = MelScale.Htk, MelNorm = MelNorm.None, FMin = 31.25, LogFloor = 1.5e-7, Center = true, Power = 1 };

        var back = FeatureConfig.FromJson(config.ToJson());

        Assert.Equal(config, back);
        Assert.Equal(config.Hash, back.Hash);
    }

    [Fact]
    public void Json_uses_snake_case_names_in_a_fixed_order_and_lowercase_enums()
    {
        var json = D.ToJson();
        string[] names = ["sample_rate", "fft_size", "window_length", "hop_length", "window", "mel_count", "f_min",
            "f_max", "mel_scale", "mel_norm", "power", "log_floor", "center", "pad_mode"];
        var positions = names.Select(n => json.IndexOf($"\"{n}\":", StringComparison.Ordinal)).ToArray();

        Assert.All(positions, p => Assert.True(p >= 0));
        Assert.Equal(positions.Order(), positions);
        Assert.Contains("\"window\": \"hann\"", json);
        Assert.Contains("\"mel_scale\": \"slaney\"", json);
        Assert.Contains("\"pad_mode\": \"zero\"", json);
        Assert.DoesNotContain("\r", json);
    }

    [Fact]
    public void Equal_configs_have_equal_hashes()
    {
        var a = D with { HopLength = 160 };
        var b = FeatureConfig.Default with { HopLength = 160 };

        Assert.Equal(a, b);
        Assert.Equal(a.Hash, b.Hash);
        Assert.Matches("^[0-9a-f]{16}$", a.Hash);
    }

    public static TheoryData<string, FeatureConfig> OneFieldChanged => new()
    {
        { "sample_rate", D with { SampleRate = 22050 } },
        { "fft_size", D with { FftSize = 2048 } },
        { "window_length", D with { WindowLength = 800 } },
        { "hop_length", D with { HopLength = 160 } },
        { "window", D with { Window = WindowType.Hamming } },
        { "mel_count", D with { MelCount = 40 } },
        { "f_min", D with { FMin = 20 } },
        { "f_max", D with { FMax = 7600 } },
        { "mel_scale", D with { MelScale = MelScale.Htk } },
        { "mel_norm", D with { MelNorm = MelNorm.None } },
        { "power", D with { Power = 1 } },
        { "log_floor", D with { LogFloor = 1e-6 } },
        { "center", D with { Center = true } },
    };

    [Theory]
    [MemberData(nameof(OneFieldChanged))]
    public void Changing_any_field_changes_the_hash(string field, FeatureConfig changed)
    {
        Assert.NotEqual(D, changed);
        Assert.True(D.Hash != changed.Hash, $"changing {field} kept hash {D.Hash}");
    }

    [Fact]
    public void Fixture_config_file_is_what_ToJson_writes_for_the_default()
    {
        // tools/make_feature_fixtures.py reads this file; it must describe the C# defaults exactly.
        var path = Path.Combine(AppContext.BaseDirectory, "Fixtures", "features", "feature_config.json");
        Assert.Equal(D.ToJson(), File.ReadAllText(path).TrimEnd('\n'));
    }

    public static TheoryData<FeatureConfig, string> Impossible => new()
    {
        { D with { WindowLength = 2048 }, "WindowLength (2048) must not exceed FftSize (1024)" },
        { D with { FMax = 9000 }, "FMax (9000 Hz) must not exceed the Nyquist frequency" },
        { D with { FMin = 8000 }, "FMin (8000 Hz) must be below FMax (8000 Hz)" },
        { D with { FftSize = 1000, WindowLength = 1000 }, "FftSize must be a power of two" },
        { D with { MelCount = 512 }, "contains no FFT bin" },
        { D with { FftSize = 128, WindowLength = 128 }, "contains no FFT bin" },
        { D with { SampleRate = 0 }, "SampleRate must be positive" },
        { D with { HopLength = 0 }, "HopLength must be at least 1" },
        { D with { MelCount = 0 }, "MelCount must be at least 1" },
        { D with { Power = 3 }, "Power must be 1 (magnitude) or 2 (power)" },
        { D with { LogFloor = 0 }, "LogFloor must be a finite number > 0" },
        { D with { FMin = -1 }, "FMin must be a finite frequency" },
        { D with { Window = (WindowType)7 }, "Window has no meaning for value 7" },
        // Sizes from a corrupt file are refused before anything is allocated for them.
        { D with { MelCount = int.MaxValue }, "MelCount (2147483647) must not exceed the FFT's 513 frequency bins" },
        { D with { FftSize = 1 << 30 }, "FftSize must be at most 65536" },
    };

    [Theory]
    [MemberData(nameof(Impossible))]
    public void Validate_names_the_impossible_setting(FeatureConfig config, string expected)
    {
        var error = Assert.Throws<ArgumentException>(config.Validate);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("{", "malformed at line 1")]
    [InlineData("[]", "must be an object")]
    [InlineData("""{"sample_rate": 16000}""", "missing field(s): fft_size, window_length")]
    [InlineData("""{"sample_rate": 16000, "hop": 1}""", "unknown field 'hop'")]
    [InlineData("""{"sample_rate": 16000, "sample_rate": 16000}""", "'sample_rate' more than once")]
    [InlineData("""{"sample_rate": "16000"}""", "'sample_rate' must be a whole number, got \"16000\"")]
    [InlineData("""{"sample_rate": 16000.5}""", "'sample_rate' must be a whole number, got 16000.5")]
    [InlineData("""{"window": "blackman"}""", "'window' must be one of \"hann\", \"hamming\", \"rectangular\", got \"blackman\"")]
    [InlineData("""{"center": 0}""", "'center' must be true or false, got 0")]
    public void FromJson_explains_malformed_input(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => FeatureConfig.FromJson(json));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void FromJson_rejects_well_formed_but_impossible_features()
    {
        var json = D.ToJson().Replace("\"f_max\": 8000", "\"f_max\": 12000");
        var error = Assert.Throws<FormatException>(() => FeatureConfig.FromJson(json));
        Assert.Contains("FMax (12000 Hz) must not exceed the Nyquist frequency", error.Message);
    }

    [Theory]
    [InlineData(0, false, 0)]
    [InlineData(1023, false, 0)]
    [InlineData(1024, false, 1)]
    [InlineData(1343, false, 1)]
    [InlineData(1344, false, 2)]
    [InlineData(80000, false, 247)]
    [InlineData(0, true, 0)]
    [InlineData(1, true, 1)]
    [InlineData(319, true, 1)]
    [InlineData(320, true, 2)]
    [InlineData(80000, true, 251)]
    public void FrameCount_counts_frames_wholly_inside_the_padded_signal(int samples, bool center, int expected)
    {
        Assert.Equal(expected, (D with { Center = center }).FrameCount(samples));
    }
}
