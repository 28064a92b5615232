using EdgeSound.Shared.IO;
using EdgeSound.Shared.Onnx.Proto;
using Google.Protobuf;

namespace EdgeSound.Shared.Onnx;

/// <summary>Reads and writes ONNX model files (the protobuf <see cref="ModelProto"/>), atomically on write.</summary>
public static class OnnxModelFile
{
    /// <summary>Writes <paramref name="model"/> to <paramref name="path"/> (temporary file, then rename).</summary>
    public static void Save(ModelProto model, string path)
    {
        using var file = AtomicFile.Create(path);
        model.WriteTo(file.Stream);
        file.Commit();
    }

    /// <summary>Parses the model at <paramref name="path"/>.</summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">Not an ONNX protobuf; the message names the file.</exception>
    public static ModelProto Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: no such model file.", path);
        try
        {
            using var stream = File.OpenRead(path);
            var model = ModelProto.Parser.ParseFrom(stream);
            if (model.Graph is null || model.IrVersion == 0)
                throw new InvalidDataException($"{path}: not an ONNX model (no graph or IR version).");
            return model;
        }
        catch (InvalidProtocolBufferException e)
        {
            throw new InvalidDataException($"{path}: not an ONNX model file ({e.Message}).", e);
        }
    }

    /// <summary>The model's metadata_props as a dictionary (a later duplicate key wins, as in ONNX Runtime).</summary>
    public static Dictionary<string, string> Metadata(ModelProto model)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var p in model.MetadataProps) result[p.Key] = p.Value;
        return result;
    }
}
