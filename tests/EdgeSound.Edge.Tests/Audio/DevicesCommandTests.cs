using EdgeSound.Edge.Audio;
using EdgeSound.Edge.Commands;
using Xunit;

namespace EdgeSound.Edge.Tests.Audio;

public sealed class DevicesCommandTests
{
    private readonly StringWriter _output = new(), _error = new();

    [Fact]
    public void Lists_each_capture_device_with_its_description_and_exits_0()
    {
        AlsaDeviceInfo[] devices = [new("default", "Playback/recording through the PulseAudio sound server"), new("sysdefault:CARD=Device", "USB PnP Sound Device, USB Audio\nDefault Audio Device")];

        int code = DevicesCommand.Run(() => devices, _output, _error);

        Assert.Equal(0, code);
        Assert.Equal(
            "2 ALSA capture device(s); pass the first column as the device name:\ndefault\n    Playback/recording through the PulseAudio sound server\n" +
            "sysdefault:CARD=Device\n    USB PnP Sound Device, USB Audio\n    Default Audio Device\n",
            _output.ToString().ReplaceLineEndings("\n"));
        Assert.Empty(_error.ToString());
    }

    [Fact]
    public void No_capture_device_says_so_and_exits_1()
    {
        int code = DevicesCommand.Run(() => [], _output, _error);

        Assert.Equal(1, code);
        Assert.Contains("No ALSA capture devices found", _error.ToString());
        Assert.Contains("is a microphone plugged in?", _error.ToString());
    }

    [Fact]
    public void Missing_libasound_says_what_to_install_and_exits_1()
    {
        int code = DevicesCommand.Run(() => throw new AlsaLibraryMissingException(), _output, _error);

        Assert.Equal(1, code);
        Assert.Equal("error: libasound.so.2 not found: apt-get install libasound2", _error.ToString().Trim());
    }

    [SkippableFact]
    public void The_real_catalog_lists_only_capture_devices_and_never_null()
    {
        FakeMicrophone.RequireLibasound();

        var devices = AlsaDeviceCatalog.CaptureDevices();

        Assert.DoesNotContain(devices, d => d.Name == "null");
        Assert.All(devices, d => Assert.False(string.IsNullOrWhiteSpace(d.Name)));
        Assert.Equal(devices.Count == 0 ? 1 : 0, DevicesCommand.Run(() => devices, _output, _error));
    }
}
