using System.Runtime.InteropServices;
using System.Text;

namespace EdgeSound.Edge.Audio;

/// <summary>
/// An ALSA configuration tree loaded from text, for <c>snd_pcm_open_lconf</c>. It replaces the stock
/// alsa.conf for that open, so every PCM it uses (including slaves such as "null") must be defined in
/// it. ALSA_CONFIG_PATH set from inside .NET is not seen by libasound, hence this route (PLATFORM-NOTES).
/// </summary>
internal sealed class AlsaLocalConfig : IDisposable
{
    private nint _config;

    private AlsaLocalConfig(nint config) => _config = config;

    /// <summary>The native <c>snd_config_t*</c>; valid until <see cref="Dispose"/>.</summary>
    public nint Handle => _config != 0 ? _config : throw new ObjectDisposedException(nameof(AlsaLocalConfig));

    /// <summary>Parses <paramref name="text"/> (alsa.conf syntax); a syntax error names <paramref name="device"/> and ALSA's reason.</summary>
    public static unsafe AlsaLocalConfig Load(string text, string device)
    {
        AlsaInterop.ThrowIfMissing();
        Check(AlsaInterop.snd_config_top(out var config), device, "create a configuration");
        try
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            fixed (byte* start = bytes)
            {
                Check(AlsaInterop.snd_input_buffer_open(out var input, start, bytes.Length), device, "read the configuration text");
                int loaded = AlsaInterop.snd_config_load(config, input);
                AlsaInterop.snd_input_close(input);
                Check(loaded, device, "parse the configuration text");
            }
            return new AlsaLocalConfig(config);
        }
        catch
        {
            AlsaInterop.snd_config_delete(config);
            throw;
        }
    }

    /// <summary>The names of the PCMs this configuration defines (the children of its "pcm" node).</summary>
    public IReadOnlyList<string> PcmNames()
    {
        var names = new List<string>();
        if (AlsaInterop.snd_config_search(Handle, "pcm", out var pcm) < 0) return names;
        nint end = AlsaInterop.snd_config_iterator_end(pcm);
        for (nint it = AlsaInterop.snd_config_iterator_first(pcm); it != end; it = AlsaInterop.snd_config_iterator_next(it))
        {
            if (AlsaInterop.snd_config_get_id(AlsaInterop.snd_config_iterator_entry(it), out var id) >= 0
                && Marshal.PtrToStringUTF8(id) is { } name)
                names.Add(name);
        }
        return names;
    }

    public void Dispose()
    {
        if (_config == 0) return;
        AlsaInterop.snd_config_delete(_config);
        _config = 0;
    }

    private static void Check(int result, string device, string what)
    {
        if (result < 0)
            throw new AudioDeviceException(device, result,
                $"capture device '{device}': cannot {what} of the ALSA ConfigText ({AlsaInterop.ErrorText(result)}); check its alsa.conf syntax.");
    }
}
