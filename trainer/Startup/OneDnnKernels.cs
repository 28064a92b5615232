using System.Runtime.InteropServices;
using TorchSharp;

namespace EdgeSound.Trainer.Startup;

/// <summary>
/// Switches libtorch's CPU convolutions from oneDNN (MKLDNN) to ATen's own kernels, as PyTorch's
/// <c>torch.backends.mkldnn.enabled = False</c> does. On the AVX-512 build machines (AMD EPYC, libtorch
/// 2.10 with oneDNN 3.7.1) oneDNN's convolution backward now and then returns NaN where a layer's
/// channel count is not a multiple of its 16-wide blocks (a plain Conv2d 1 -> 12 on 16x64x128 random
/// batches: 12 of 200 forward+backward passes, 0 of 200 with ATen's kernels, whose training epochs
/// took about as long there); a training run then stops with a NaN loss. NNPACK (the other fallback) is switched off too:
/// it does not run on these CPUs and only warns.
/// TorchSharp has no switch for either, so the two at::Context setters are called by their C++
/// (Itanium ABI) names in libtorch_cpu.so: Linux builds of libtorch only, which is what the trainer ships.
/// </summary>
public static class OneDnnKernels
{
    private const string LibTorchCpu = "libtorch_cpu.so";

    [DllImport(LibTorchCpu, EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport(LibTorchCpu, EntryPoint = "_ZN2at7Context20setUserEnabledMkldnnEb")]
    private static extern void SetUserEnabledMkldnn(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    [DllImport(LibTorchCpu, EntryPoint = "_ZNK2at7Context17userEnabledMkldnnEv")]
    [return: MarshalAs(UnmanagedType.U1)]
    private static extern bool UserEnabledMkldnn(IntPtr context);

    [DllImport(LibTorchCpu, EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabledNnpack(IntPtr context, [MarshalAs(UnmanagedType.U1)] bool enabled);

    /// <summary>
    /// Turns oneDNN and NNPACK off for this process. Returns null when done, else why it could not be
    /// (not Linux, or a libtorch without these symbols): the caller says so and training goes on with oneDNN.
    /// </summary>
    public static string? Disable()
    {
        if (!OperatingSystem.IsLinux()) return "libtorch's oneDNN switch is only reachable on Linux";
        // TorchSharp loads libtorch first, so the P/Invokes below bind to the copy it uses.
        torch.InitializeDeviceType(DeviceType.CPU);
        try
        {
            var context = GlobalContext();
            SetUserEnabledMkldnn(context, false);
            SetUserEnabledNnpack(context, false);
            return UserEnabledMkldnn(context) ? "libtorch kept oneDNN on" : null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return $"this libtorch has no oneDNN switch ({e.Message})";
        }
    }

    /// <summary>Whether libtorch will use oneDNN for CPU convolutions (false after <see cref="Disable"/>).</summary>
    public static bool Enabled => UserEnabledMkldnn(GlobalContext());
}
