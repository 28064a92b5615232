using EdgeSound.Shared.Tests.Support;
using System.Buffers.Binary;
using EdgeSound.Edge.Audio;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Edge.Tests.Audio;

/// <summary>Real libasound: the file plugin turns generated raw PCM into a capture device.</summary>
public sealed class AlsaCaptureSourceTests(ITestOutputHelper output)
{
    private const int Frames = 4800; // 0.1 s at 48 kHz

    private static short Left16(int i) => (short)((i * 37 % 65536) - 32768);
    private static short Right16(int i) => (short)(12000 * Math.Sin(i * 0.05));
    private static int Left32(int i) => (int)(2147483647 * Math.Sin(i * 0.013));
    private static int Right32(int i) => i * 40507 - 97_000_000;
    private static float LeftFloat(int i) => 0.7f * MathF.Sin(i * 0.021f);
    private static float RightFloat(int i) => -0.25f + i % 100 / 400f;

    private static byte[] Interleave(int frames, int sampleBytes, Action<Span<byte>, int, int> write)
    {
        var bytes = new byte[frames * 2 * sampleBytes];
        for (int i = 0; i < frames; i++)
            for (int channel = 0; channel < 2; channel++)
                write(bytes.AsSpan((2 * i + channel) * sampleBytes, sampleBytes), i, channel);
        return bytes;
    }

    [SkippableFact]
    public void Capture_of_s16_stereo_48k_returns_exactly_the_channel_averages()
    {
        FakeMicrophone.RequireLibasound();
        var raw = Interleave(Frames, 2, (b, i, c) => BinaryPrimitives.WriteInt16LittleEndian(b, c == 0 ? Left16(i) : Right16(i)));
        using var microphone = new FakeMicrophone(raw);
        using var source = new AlsaCaptureSource(microphone.Settings(2, PcmSampleFormat.S16_LE));

        var samples = FakeMicrophone.ReadExactly(source, Frames);

        Assert.Equal(48000, source.SampleRate);
        Assert.Equal("alsa:fakemic 48000 Hz S16_LE x2 -> mono", source.Description);
        for (int i = 0; i < Frames; i++)
            Assert.Equal((float)((Left16(i) + Right16(i)) / 65536.0), samples[i]);
    }

    [SkippableFact]
    public void Capture_of_s32_stereo_returns_the_channel_averages()
    {
        FakeMicrophone.RequireLibasound();
        var raw = Interleave(Frames, 4, (b, i, c) => BinaryPrimitives.WriteInt32LittleEndian(b, c == 0 ? Left32(i) : Right32(i)));
        using var microphone = new FakeMicrophone(raw);
        using var source = new AlsaCaptureSource(microphone.Settings(2, PcmSampleFormat.S32_LE));

        var samples = FakeMicrophone.ReadExactly(source, Frames);

        for (int i = 0; i < Frames; i++)
            Assert.Equal((float)(((double)Left32(i) + Right32(i)) / 4294967296.0), samples[i]);
    }

    [SkippableFact]
    public void Capture_of_float_stereo_returns_the_channel_averages()
    {
        FakeMicrophone.RequireLibasound();
        var raw = Interleave(Frames, 4, (b, i, c) => BinaryPrimitives.WriteSingleLittleEndian(b, c == 0 ? LeftFloat(i) : RightFloat(i)));
        using var microphone = new FakeMicrophone(raw);
        using var source = new AlsaCaptureSource(microphone.Settings(2, PcmSampleFormat.FLOAT_LE));

        var samples = FakeMicrophone.ReadExactly(source, Frames);

        for (int i = 0; i < Frames; i++)
            Assert.Equal((float)(((double)LeftFloat(i) + RightFloat(i)) / 2), samples[i]);
    }

    [SkippableFact]
    public void Unspecified_format_channels_and_rate_take_s16_the_minimum_channels_and_48k()
    {
        FakeMicrophone.RequireLibasound();
        var raw = new byte[2 * Frames];
        for (int i = 0; i < Frames; i++) BinaryPrimitives.WriteInt16LittleEndian(raw.AsSpan(2 * i), Left16(i));
        using var microphone = new FakeMicrophone(raw);
        var settings = new AlsaCaptureSettings { Device = FakeMicrophone.DeviceName, ConfigText = microphone.ConfigText };
        using var source = new AlsaCaptureSource(settings);

        var samples = FakeMicrophone.ReadExactly(source, Frames);

        Assert.Equal(new CaptureFormat(48000, 1, PcmSampleFormat.S16_LE, source.DeviceFormat!.PeriodFrames, source.DeviceFormat.BufferFrames), source.DeviceFormat);
        Assert.Equal(Left16(1234) / 32768f, samples[1234]);
        Assert.Equal(Left16(Frames - 1) / 32768f, samples[^1]);
    }

    [SkippableFact]
    public void Steady_state_reads_allocate_nothing()
    {
        FakeMicrophone.RequireLibasound();
        using var microphone = new FakeMicrophone(new byte[2 * 2 * Frames]);
        using var source = new AlsaCaptureSource(microphone.Settings(2, PcmSampleFormat.S16_LE));
        var buffer = new float[256];
        for (int i = 0; i < 10; i++) source.Read(buffer, CancellationToken.None);

        long frames = 0;
        long allocated = Allocations.SteadyStateBytes(() =>
        {
            for (int i = 0; i < 50; i++) frames += source.Read(buffer, CancellationToken.None);
        });

        Assert.True(frames >= 200);
        Assert.Equal(0, allocated);
    }

    [SkippableFact]
    public void A_device_the_configuration_lacks_is_named_with_alsas_reason_and_the_devices_that_exist()
    {
        FakeMicrophone.RequireLibasound();
        using var microphone = new FakeMicrophone(new byte[64]);
        var settings = microphone.Settings(2, PcmSampleFormat.S16_LE) with { Device = "nosuchmic" };

        var error = Assert.Throws<AudioDeviceException>(() => new AlsaCaptureSource(settings));

        output.WriteLine(error.Message);
        Assert.Equal("nosuchmic", error.Device);
        Assert.Contains("no such capture device 'nosuchmic'", error.Message);
        Assert.Contains($"({AlsaInterop.ErrorText(error.AlsaError)})", error.Message);
        Assert.Contains("Capture devices here: fakemic.", error.Message);
    }

    [SkippableFact]
    public void An_absent_card_is_named_with_alsas_reason_and_the_system_capture_devices()
    {
        FakeMicrophone.RequireLibasound();

        var error = Assert.Throws<AudioDeviceException>(() => new AlsaCaptureSource(new AlsaCaptureSettings { Device = "hw:29,0" }));

        output.WriteLine(error.Message);
        Assert.StartsWith("no such capture device 'hw:29,0' (", error.Message);
        Assert.Contains(AlsaInterop.ErrorText(error.AlsaError), error.Message);
        var expectedList = AlsaDeviceCatalog.DescribeCaptureDevices(AlsaDeviceCatalog.CaptureDevices().Select(d => d.Name).ToList());
        Assert.EndsWith(expectedList, error.Message);
    }

    [SkippableFact]
    public void A_syntax_error_in_the_configuration_text_names_the_device()
    {
        FakeMicrophone.RequireLibasound();
        var settings = new AlsaCaptureSettings { Device = "mic", ConfigText = "pcm.mic { type file " };

        var error = Assert.Throws<AudioDeviceException>(() => new AlsaCaptureSource(settings));

        Assert.Contains("'mic'", error.Message);
        Assert.Contains("ConfigText", error.Message);
    }
}
