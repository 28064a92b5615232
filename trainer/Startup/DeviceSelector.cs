using TorchSharp;

namespace EdgeSound.Trainer.Startup;

/// <summary>Resolves <c>--device auto|cpu|cuda</c>: auto takes CUDA when the loaded libtorch reports it.</summary>
public static class DeviceSelector
{
    public static torch.Device Resolve(string choice) => choice.ToLowerInvariant() switch
    {
        "cpu" => torch.CPU,
        "cuda" => torch.cuda.is_available()
            ? torch.CUDA
            : throw new InvalidOperationException("--device cuda: this libtorch has no CUDA device. Build against a CUDA libtorch package (see README, 'Training on a GPU') or use --device cpu."),
        "auto" => torch.cuda.is_available() ? torch.CUDA : torch.CPU,
        _ => throw new ArgumentException($"--device {choice}: use auto, cpu or cuda."),
    };
}
