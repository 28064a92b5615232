using EdgeSound.Shared.Features;
using Xunit;

namespace EdgeSound.Shared.Tests.Features;

public class LogMelExtractorTests
{
    private const double Tolerance = 1e-4;

    public static TheoryData<string, bool> FixtureCases()
    {
        var data = new TheoryData<string, bool>();
        foreach (var name in FeatureFixtures.Names)
        {
            data.Add(name, false);
            data.Add(name, true);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(FixtureCases))]
    public void Matches_the_numpy_reference_within_1e_4(string name, bool center)
    {
        var config = FeatureConfig.Default with { Center = center };
        var (reference, shape) = FeatureFixtures.Reference(name, center ? "logmel_center" : "logmel");
        var input = FeatureFixtures.Input(name);

        var features = new LogMelExtractor(config).Extract(input);

        Assert.Equal([config.MelCount, config.FrameCount(input.Length)], shape);
        var melMajor = features.ToMelMajor();
        Assert.Equal(reference.Length, melMajor.Length);
        double worst = 0;
        int worstAt = 0;
        for (int i = 0; i < reference.Length; i++)
        {
            double error = Math.Abs(melMajor[i] - reference[i]);
            if (error > worst) (worst, worstAt) = (error, i);
        }
        Assert.True(worst <= Tolerance,
            $"{name}: max |C# - numpy| = {worst:E2} at mel {worstAt / features.FrameCount}, frame {worstAt % features.FrameCount}");
    }

    [Fact]
    public void Silence_gives_ln_of_the_floor_everywhere()
    {
        var features = new LogMelExtractor(FeatureConfig.Default).Extract(new float[16000]);
        Assert.All(features.Data, v => Assert.Equal((float)Math.Log(1e-10), v));
    }

    [Fact]
    public void A_tone_is_loudest_in_the_band_around_its_frequency()
    {
        var config = FeatureConfig.Default;
        var tone = new float[8000];
        for (int i = 0; i < tone.Length; i++) tone[i] = (float)Math.Sin(2 * Math.PI * 2500 * i / config.SampleRate);
        var bank = new MelFilterbank(config);

        var features = new LogMelExtractor(config).Extract(tone);

        var frame = features.Frame(features.FrameCount / 2).ToArray();
        int loudest = Array.IndexOf(frame, frame.Max());
        Assert.InRange(2500.0, bank.LowerHz(loudest), bank.UpperHz(loudest));
    }

    [Fact]
    public void Too_short_input_gives_no_frames()
    {
        var features = new LogMelExtractor(FeatureConfig.Default).Extract(new float[1023]);
        Assert.Equal(0, features.FrameCount);
        Assert.Empty(features.Data);
    }

    [Fact]
    public void Frame_k_is_the_frame_computer_on_samples_from_k_times_hop()
    {
        var config = FeatureConfig.Default;
        var signal = RandomSignal(5000, seed: 5);
        var computer = new LogMelFrameComputer(config);
        var expected = new float[config.MelCount];

        var features = new LogMelExtractor(config).Extract(signal);

        computer.Compute(signal.AsSpan(3 * config.HopLength, config.FftSize), expected);
        Assert.Equal(expected, features.Frame(3).ToArray());
    }

    [Fact]
    public void Power_1_uses_the_magnitude_and_power_2_its_square()
    {
        // An on-bin cosine under a rectangular window has one nonzero bin of magnitude N/2, so the
        // loudest band is ln(w·N/2) for Power 1 and ln(w·(N/2)²) for Power 2: they differ by ln(N/2).
        var config = FeatureConfig.Default with { Window = WindowType.Rectangular };
        var tone = new float[config.FftSize];
        for (int i = 0; i < tone.Length; i++) tone[i] = (float)Math.Cos(2 * Math.PI * 64 * i / config.FftSize);
        var power = new LogMelExtractor(config).Extract(tone);
        var magnitude = new LogMelExtractor(config with { Power = 1 }).Extract(tone);

        int loudest = Array.IndexOf(power.Data, power.Data.Max());
        Assert.Equal(Math.Log(config.FftSize / 2.0), power.Data[loudest] - magnitude.Data[loudest], 1e-4);
    }

    internal static float[] RandomSignal(int length, int seed)
    {
        var random = new Random(seed);
        var signal = new float[length];
        for (int i = 0; i < length; i++) signal[i] = (float)(random.NextDouble() * 2 - 1) * 0.3f;
        return signal;
    }
}
