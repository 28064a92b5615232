using EdgeSound.Shared.Onnx;
using EdgeSound.Shared.Onnx.Proto;
using EdgeSound.Trainer.Quantization;
using Xunit;

namespace EdgeSound.Trainer.Tests.Quantization;

public sealed class ConstantSharingTests
{
    [Fact]
    public void Equal_constants_are_stored_once_and_their_readers_point_at_the_first()
    {
        var b = new OnnxGraphBuilder("g");
        var x = b.AddInput("x", TensorProto.Types.DataType.Float, -1, 2);
        var a1 = b.AddInitializer("a1", [1f, 2f], 2);
        var a2 = b.AddInitializer("a2", [1f, 2f], 2);
        var c = b.AddInitializer("c", [1f, 3f], 2);
        var y = b.AddNode("Add", [x, a1]);
        y = b.AddNode("Mul", [y, a2]);
        b.AddNode("Sub", [y, c], ["out"]);

        int removed = ConstantSharing.Deduplicate(b.Graph);

        Assert.Equal(1, removed);
        Assert.Equal([a1, c], b.Graph.Initializer.Select(t => t.Name));
        Assert.Equal(a1, b.Graph.Node[1].Input[1]);
        Assert.Equal(c, b.Graph.Node[2].Input[1]);
    }
}
