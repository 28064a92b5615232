using System.Runtime.InteropServices;

namespace EdgeSound.Trainer.Startup;

/// <summary>
/// glibc's default malloc trims and unmaps libtorch's large tensor buffers after every step, which
/// made training 3-8x slower and erratic on the build machines (most of the time spent in the kernel).
/// Keeping freed memory in the process fixes that. Must run before the first tensor is made.
/// </summary>
public static class NativeMemoryTuning
{
    private const int M_TRIM_THRESHOLD = -1;
    private const int M_MMAP_THRESHOLD = -3;

    [DllImport("libc", EntryPoint = "mallopt")]
    private static extern int MallOpt(int param, int value);

    /// <summary>Applies the tuning on Linux with glibc; elsewhere does nothing. Returns whether it applied.</summary>
    public static bool Apply()
    {
        if (!OperatingSystem.IsLinux()) return false;
        try
        {
            return MallOpt(M_TRIM_THRESHOLD, int.MaxValue) == 1 & MallOpt(M_MMAP_THRESHOLD, 1 << 30) == 1;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return false; // not glibc (e.g. musl): nothing to tune
        }
    }
}
