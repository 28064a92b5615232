using System.Runtime.InteropServices;

namespace EdgeSound.Edge.Audio;

/// <summary>
/// Every call into ALSA's user-space library (libasound.so.2). Hand-written because no ALSA binding
/// is served by the package feed (see PLATFORM-NOTES). Functions return 0 or a positive value on
/// success and a negative errno on failure, as in C. <c>snd_pcm_uframes_t</c> / <c>snd_pcm_sframes_t</c>
/// are C <c>unsigned long</c> / <c>long</c>: pointer-sized on Linux, hence <c>nuint</c> / <c>nint</c>.
/// </summary>
internal static partial class AlsaInterop
{
    public const string Library = "libasound.so.2";

    public const int StreamCapture = 1;          // SND_PCM_STREAM_CAPTURE
    public const int OpenNonBlocking = 1;        // SND_PCM_NONBLOCK
    public const int AccessRwInterleaved = 3;    // SND_PCM_ACCESS_RW_INTERLEAVED
    public const int FormatS16Le = 2;            // SND_PCM_FORMAT_S16_LE
    public const int FormatS32Le = 10;           // SND_PCM_FORMAT_S32_LE
    public const int FormatFloatLe = 14;         // SND_PCM_FORMAT_FLOAT_LE

    // Linux errno values ALSA returns negated.
    public const int ENOENT = 2, EIO = 5, EAGAIN = 11, EBUSY = 16, ENODEV = 19, EPIPE = 32, ESTRPIPE = 86;

    /// <summary>Set (to anything) to let libasound print its own diagnostics on stderr again.</summary>
    public const string VerboseVariable = "EDGESOUND_ALSA_VERBOSE";

    private static readonly Lazy<bool> Loadable = new(() =>
    {
        if (!NativeLibrary.TryLoad(Library, typeof(AlsaInterop).Assembly, null, out var handle)) return false;
        NativeLibrary.Free(handle);
        if (Environment.GetEnvironmentVariable(VerboseVariable) is null) SilenceLibraryMessages();
        return true;
    });

    /// <summary>
    /// Throws <see cref="AlsaLibraryMissingException"/> unless libasound can be loaded; call before any
    /// other member. The first call also stops libasound printing its own lines on stderr.
    /// </summary>
    public static void ThrowIfMissing()
    {
        if (!Loadable.Value) throw new AlsaLibraryMissingException();
    }

    // libasound prints lines such as "ALSA lib confmisc.c:855:(parse_card) cannot find card '5'" on
    // stderr before returning the error code this app turns into its own message (which names the
    // device and lists the ones there are). A handler that ignores them keeps the console and the
    // journal to that one message; EDGESOUND_ALSA_VERBOSE brings them back for debugging.
    private static unsafe void SilenceLibraryMessages() => snd_lib_error_set_handler(&IgnoreLibraryMessage);

    // The C handler is variadic (file, line, function, err, fmt, ...). On the Linux x64 and arm64 ABIs
    // a callee that declares only the fixed arguments receives them as usual and may ignore the rest.
    [UnmanagedCallersOnly]
    private static void IgnoreLibraryMessage(nint file, int line, nint function, int error, nint format) { }

    [LibraryImport(Library)]
    private static unsafe partial int snd_lib_error_set_handler(delegate* unmanaged<nint, int, nint, int, nint, void> handler);

    /// <summary>ALSA's text for a (negative) error code, e.g. "No such file or directory".</summary>
    public static string ErrorText(int error) => Marshal.PtrToStringUTF8(snd_strerror(error)) ?? $"error {error}";

    [LibraryImport(Library)]
    private static partial nint snd_strerror(int errnum);

    // --- PCM ---------------------------------------------------------------------------------

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int snd_pcm_open(out nint pcm, string name, int stream, int mode);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int snd_pcm_open_lconf(out nint pcm, string name, int stream, int mode, nint localConfig);

    [LibraryImport(Library)]
    public static partial int snd_pcm_close(nint pcm);

    [LibraryImport(Library)]
    public static partial int snd_pcm_start(nint pcm);

    [LibraryImport(Library)]
    public static partial int snd_pcm_wait(nint pcm, int timeoutMilliseconds);

    [LibraryImport(Library)]
    public static unsafe partial nint snd_pcm_readi(nint pcm, void* buffer, nuint frames);

    [LibraryImport(Library)]
    public static partial int snd_pcm_recover(nint pcm, int error, int silent);

    // --- hardware parameters -----------------------------------------------------------------

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_malloc(out nint parameters);

    [LibraryImport(Library)]
    public static partial void snd_pcm_hw_params_free(nint parameters);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_any(nint pcm, nint parameters);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_set_access(nint pcm, nint parameters, int access);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_test_format(nint pcm, nint parameters, int format);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_set_format(nint pcm, nint parameters, int format);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_get_channels_min(nint parameters, out uint channels);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_set_channels(nint pcm, nint parameters, uint channels);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_set_rate_near(nint pcm, nint parameters, ref uint rate, ref int direction);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_set_period_size_near(nint pcm, nint parameters, ref nuint frames, ref int direction);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_set_buffer_size_near(nint pcm, nint parameters, ref nuint frames);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params(nint pcm, nint parameters);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_get_period_size(nint parameters, out nuint frames, out int direction);

    [LibraryImport(Library)]
    public static partial int snd_pcm_hw_params_get_buffer_size(nint parameters, out nuint frames);

    // --- configuration from a string -----------------------------------------------------------

    [LibraryImport(Library)]
    public static partial int snd_config_top(out nint config);

    [LibraryImport(Library)]
    public static partial int snd_config_delete(nint config);

    [LibraryImport(Library)]
    public static unsafe partial int snd_input_buffer_open(out nint input, byte* buffer, nint size);

    [LibraryImport(Library)]
    public static partial int snd_input_close(nint input);

    [LibraryImport(Library)]
    public static partial int snd_config_load(nint config, nint input);

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int snd_config_search(nint config, string key, out nint result);

    [LibraryImport(Library)]
    public static partial nint snd_config_iterator_first(nint node);

    [LibraryImport(Library)]
    public static partial nint snd_config_iterator_next(nint iterator);

    [LibraryImport(Library)]
    public static partial nint snd_config_iterator_end(nint node);

    [LibraryImport(Library)]
    public static partial nint snd_config_iterator_entry(nint iterator);

    [LibraryImport(Library)]
    public static partial int snd_config_get_id(nint config, out nint id);

    // --- device hints --------------------------------------------------------------------------

    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int snd_device_name_hint(int card, string iface, out nint hints);

    /// <summary>Returns a malloc'ed string (free with <see cref="NativeMemory.Free"/>) or null.</summary>
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)]
    public static partial nint snd_device_name_get_hint(nint hint, string id);

    [LibraryImport(Library)]
    public static partial int snd_device_name_free_hint(nint hints);
}
