using System.Runtime.InteropServices;
using EdgeSound.Shared.Onnx.Proto;

namespace EdgeSound.Trainer.Quantization;

/// <summary>Reads the values of float initializers, whichever of the two ONNX encodings holds them.</summary>
public static class InitializerData
{
    /// <summary>True for a FLOAT tensor.</summary>
    public static bool IsFloat(TensorProto tensor) => tensor.DataType == (int)TensorProto.Types.DataType.Float;

    /// <summary>The float values of <paramref name="tensor"/> (raw_data little-endian, or float_data).</summary>
    /// <exception cref="InvalidDataException">Not a float tensor, or stored outside the file.</exception>
    public static float[] ReadFloats(TensorProto tensor)
    {
        if (!IsFloat(tensor))
            throw new InvalidDataException($"Initializer '{tensor.Name}' has data type {tensor.DataType}, expected FLOAT.");
        if (!tensor.RawData.IsEmpty)
            return MemoryMarshal.Cast<byte, float>(tensor.RawData.Span).ToArray();
        return tensor.FloatData.ToArray();
    }
}
