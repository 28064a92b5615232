using EdgeSound.Trainer.Startup;
using TorchSharp;
using Xunit;

namespace EdgeSound.Trainer.Tests;

public class TorchLoadsTests
{
    [Fact]
    public void Libtorch_loads_and_computes_on_this_machine()
    {
        NativeMemoryTuning.Apply();
        using var x = torch.arange(6, dtype: torch.float32).reshape(2, 3);
        Assert.Equal(15f, x.sum().item<float>());
    }
}
