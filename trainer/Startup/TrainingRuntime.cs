using TorchSharp;

namespace EdgeSound.Trainer.Startup;

/// <summary>
/// libtorch set up for training, once per process that trains (a study or one of its workers): the
/// thread count, ATen's convolutions instead of oneDNN's (<see cref="OneDnnKernels"/>), the device.
/// Commands that train nothing do not load libtorch for it.
/// </summary>
public static class TrainingRuntime
{
    /// <param name="threads">libtorch's CPU threads.</param>
    /// <param name="deviceChoice">auto, cpu or cuda (<see cref="DeviceSelector"/>).</param>
    /// <param name="warnings">Where to say that oneDNN could not be switched off.</param>
    public static torch.Device Prepare(int threads, string deviceChoice, TextWriter warnings)
    {
        torch.set_num_threads(threads);
        if (OneDnnKernels.Disable() is { } why) warnings.WriteLine($"warning: {why}; a training run may stop on a NaN loss.");
        return DeviceSelector.Resolve(deviceChoice);
    }
}
