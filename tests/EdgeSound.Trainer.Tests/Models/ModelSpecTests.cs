using EdgeSound.Trainer.Models;
using Xunit;

namespace EdgeSound.Trainer.Tests.Models;

public class ModelSpecTests
{
    [Fact]
    public void Default_log_mel_and_waveform_specs_are_valid()
    {
        Assert.Empty(ModelSpec.ForLogMel(Architecture.Cnn, 10, 64, 128).FindProblems());
        Assert.Empty(ModelSpec.ForLogMel(Architecture.CnnTransformer, 10, 64, 128).FindProblems());
        Assert.Empty(ModelSpec.ForWaveform(Architecture.Cnn, 10, 40960).FindProblems());
        Assert.Empty(ModelSpec.ForWaveform(Architecture.CnnTransformer, 10, 40960).FindProblems());
    }

    [Fact]
    public void Token_counts_follow_the_pooling_of_each_front_end()
    {
        Assert.Equal(8, ModelSpec.ForLogMel(Architecture.CnnTransformer, 10, 64, 128).TokenCount);  // 128 / 16
        // 40960 -> conv 80/4: 10221 -> /4 2555 -> /4 638 -> /4 159 -> /4 39
        Assert.Equal(39, ModelSpec.ForWaveform(Architecture.CnnTransformer, 10, 40960).TokenCount);
        Assert.Equal(1100, ConvStackGeometry.MinimumWindowSamples);
        Assert.Equal(1, ModelSpec.ForWaveform(Architecture.Cnn, 10, 1100).TokenCount);
        Assert.Equal(0, ModelSpec.ForWaveform(Architecture.Cnn, 10, 1099).TokenCount);
    }

    public static TheoryData<string, ModelSpec, string> BadSpecs()
    {
        var logMel = ModelSpec.ForLogMel(Architecture.CnnTransformer, 10, 64, 128);
        var wave = ModelSpec.ForWaveform(Architecture.Cnn, 10, 16000);
        return new()
        {
            { "one class", logMel with { ClassCount = 1 }, "ClassCount must be at least 2 (got 1)" },
            { "dropout 1", logMel with { Dropout = 1.0 }, "Dropout must be in [0, 1) (got 1)" },
            { "too few mels", logMel with { MelCount = 8 }, "MelCount must be at least 16" },
            { "too few frames", logMel with { WindowFrames = 15 }, "WindowFrames must be at least 16" },
            { "samples on log-mel", logMel with { WindowSamples = 16000 }, "WindowSamples must be 0 for LogMel" },
            { "short waveform", wave with { WindowSamples = 1000 }, "WindowSamples must be at least 1100" },
            { "mels on waveform", wave with { MelCount = 64 }, "MelCount and WindowFrames must be 0 for Waveform" },
            { "zero channels", wave with { BaseChannels = 0 }, "BaseChannels must be in 1..512 (got 0)" },
            { "zero fc", wave with { FcSize = 0 }, "FcSize must be at least 1" },
            { "zero heads", logMel with { NHeads = 0 }, "NHeads must be at least 1" },
            { "zero dk", logMel with { Dk = 0 }, "Dk (per-head query/key width) must be at least 1" },
            { "zero dv", logMel with { Dv = 0 }, "Dv (per-head value width) must be at least 1" },
            { "zero blocks", logMel with { NumBlocks = 0 }, "NumBlocks must be at least 1" },
            { "zero ff", logMel with { FfSize = 0 }, "FfSize must be at least 1" },
            { "zero d", logMel with { FeaturesLength = 0 }, "FeaturesLength (token width d) must be at least 1" },
            { "positions too short", logMel with { MaxTokens = 8 }, "MaxTokens must be at least 9 (8 tokens from the conv stack + CLS) (got 8)" },
            { "waveform positions too short", wave with { Architecture = Architecture.CnnTransformer, MaxTokens = 15 }, "MaxTokens must be at least 16 (15 tokens from the conv stack + CLS) (got 15)" },
            { "unknown architecture", logMel with { Architecture = (Architecture)7 }, "Architecture 7 is not one of Cnn, CnnTransformer" },
        };
    }

    [Theory]
    [MemberData(nameof(BadSpecs))]
    public void Validate_rejects_a_bad_spec_naming_the_field_and_value(string why, ModelSpec spec, string expected)
    {
        var error = Assert.Throws<ArgumentException>(() => spec.Validate());
        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{why}: message was\n{error.Message}");
    }

    [Fact]
    public void Validate_lists_every_problem_at_once()
    {
        var spec = ModelSpec.ForLogMel(Architecture.CnnTransformer, 0, 4, 4) with { NHeads = 0 };
        var error = Assert.Throws<ArgumentException>(() => spec.Validate());
        Assert.Contains("4 problem(s)", error.Message);
    }

    [Fact]
    public void Transformer_fields_are_not_checked_for_the_cnn()
    {
        var spec = ModelSpec.ForLogMel(Architecture.Cnn, 10, 64, 128) with { NHeads = 0, MaxTokens = 0 };
        Assert.Empty(spec.FindProblems());
    }

    [Fact]
    public void A_spec_survives_a_json_round_trip_with_enums_as_names()
    {
        var spec = ModelSpec.ForWaveform(Architecture.CnnTransformer, 7, 32000) with
        {
            Dropout = 0.15, BaseChannels = 12, FeaturesLength = 48, NHeads = 3, Dk = 64, Dv = 32, NumBlocks = 3, FfSize = 96, MaxTokens = 40,
        };
        string json = spec.ToJson();
        Assert.Contains("\"CnnTransformer\"", json);
        Assert.Contains("\"Waveform\"", json);
        Assert.DoesNotContain("TokenCount", json);
        Assert.Equal(spec, ModelSpec.FromJson(json));
    }

    [Fact]
    public void FromJson_names_the_source_and_the_unknown_field()
    {
        string json = ModelSpec.ForLogMel(Architecture.Cnn, 10, 64, 128).ToJson().Replace("\"FcSize\"", "\"FcSzie\"");
        var error = Assert.Throws<FormatException>(() => ModelSpec.FromJson(json, "run3/checkpoint.json"));
        Assert.StartsWith("run3/checkpoint.json: line ", error.Message);
        Assert.Contains("FcSzie", error.Message);
    }

    [Fact]
    public void FromJson_rejects_a_well_formed_but_invalid_spec()
    {
        string json = (ModelSpec.ForLogMel(Architecture.Cnn, 10, 64, 128) with { ClassCount = 1 }).ToJson();
        var error = Assert.Throws<FormatException>(() => ModelSpec.FromJson(json, "spec.json"));
        Assert.Contains("spec.json: Invalid model spec", error.Message);
        Assert.Contains("ClassCount must be at least 2", error.Message);
    }
}
