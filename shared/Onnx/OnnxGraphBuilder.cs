using System.Runtime.InteropServices;
using EdgeSound.Shared.Onnx.Proto;
using Google.Protobuf;

namespace EdgeSound.Shared.Onnx;

/// <summary>
/// Builds an ONNX graph node by node: inputs and outputs with a symbolic batch dimension,
/// initializers from typed arrays, nodes with attributes, unique tensor names. The exporter turns
/// a trained model into calls on this; the quantiser and tests use it too. Opset and IR version are
/// fixed here (opset 17, IR 8: what ORT 1.31 and Debian's onnx 1.12 checker both accept).
/// </summary>
public sealed class OnnxGraphBuilder
{
    /// <summary>The default-domain opset every EdgeSound model is written for.</summary>
    public const long Opset = 17;

    /// <summary>The IR version that goes with <see cref="Opset"/>.</summary>
    public const long IrVersion = 8;

    /// <summary>Name of the symbolic batch dimension.</summary>
    public const string BatchDimension = "batch";

    private readonly GraphProto _graph;
    private readonly HashSet<string> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _nodeNames = new(StringComparer.Ordinal);
    private readonly Dictionary<string, int> _counters = new(StringComparer.Ordinal);

    public OnnxGraphBuilder(string graphName)
    {
        _graph = new GraphProto { Name = graphName };
    }

    /// <summary>The graph under construction (for tools that edit it further).</summary>
    public GraphProto Graph => _graph;

    /// <summary>A tensor name not used yet in this graph, from <paramref name="prefix"/>.</summary>
    public string UniqueName(string prefix)
    {
        if (_names.Add(prefix)) return prefix;
        var n = _counters.GetValueOrDefault(prefix);
        string name;
        do { name = $"{prefix}_{++n}"; } while (!_names.Add(name));
        _counters[prefix] = n;
        return name;
    }

    /// <summary>Declares a graph input; a dimension of -1 becomes the symbolic batch dimension.</summary>
    public string AddInput(string name, TensorProto.Types.DataType type, params long[] dims)
    {
        Reserve(name);
        _graph.Input.Add(ValueInfo(name, type, dims));
        return name;
    }

    /// <summary>Declares a graph output (the tensor must be produced by a node); -1 is the batch dimension.</summary>
    public void AddOutput(string name, TensorProto.Types.DataType type, params long[] dims) =>
        _graph.Output.Add(ValueInfo(name, type, dims));

    /// <summary>Adds a float initializer holding <paramref name="values"/> in row-major order.</summary>
    public string AddInitializer(string prefix, ReadOnlySpan<float> values, params long[] dims) =>
        AddRaw(prefix, TensorProto.Types.DataType.Float, MemoryMarshal.AsBytes(values), dims, values.Length);

    /// <summary>Adds an int64 initializer (shapes, axes, indices).</summary>
    public string AddInitializer(string prefix, ReadOnlySpan<long> values, params long[] dims) =>
        AddRaw(prefix, TensorProto.Types.DataType.Int64, MemoryMarshal.AsBytes(values), dims, values.Length);

    /// <summary>Adds an int32 initializer (quantised biases).</summary>
    public string AddInitializer(string prefix, ReadOnlySpan<int> values, params long[] dims) =>
        AddRaw(prefix, TensorProto.Types.DataType.Int32, MemoryMarshal.AsBytes(values), dims, values.Length);

    /// <summary>Adds an int8 initializer (quantised weights, symmetric zero points).</summary>
    public string AddInitializer(string prefix, ReadOnlySpan<sbyte> values, params long[] dims) =>
        AddRaw(prefix, TensorProto.Types.DataType.Int8, MemoryMarshal.AsBytes(values), dims, values.Length);

    /// <summary>Adds a uint8 initializer (activation zero points).</summary>
    public string AddInitializer(string prefix, ReadOnlySpan<byte> values, params long[] dims) =>
        AddRaw(prefix, TensorProto.Types.DataType.Uint8, values, dims, values.Length);

    /// <summary>Adds a float scalar initializer (a rank-0 tensor).</summary>
    public string AddScalar(string prefix, float value) => AddInitializer(prefix, [value]);

    /// <summary>
    /// Adds a node with one output named from <paramref name="outputPrefix"/> (or the op type) and
    /// returns that output's name.
    /// </summary>
    public string AddNode(string opType, IReadOnlyList<string> inputs, string? outputPrefix = null, params AttributeProto[] attributes) =>
        AddNode(opType, inputs, [UniqueName(outputPrefix ?? opType.ToLowerInvariant())], attributes)[0];

    /// <summary>Adds a node whose outputs have exactly the given names (e.g. the graph outputs).</summary>
    public IReadOnlyList<string> AddNode(string opType, IReadOnlyList<string> inputs, IReadOnlyList<string> outputs, params AttributeProto[] attributes)
    {
        foreach (var o in outputs) _names.Add(o);
        // A node is named after what it computes (its first output, e.g. "block1.conv"), so tools
        // and options can point at it by the model part it implements.
        var node = new NodeProto { OpType = opType, Name = UniqueNodeName(outputs.Count > 0 ? outputs[0] : opType) };
        node.Input.AddRange(inputs);
        node.Output.AddRange(outputs);
        node.Attribute.AddRange(attributes);
        _graph.Node.Add(node);
        return outputs;
    }

    /// <summary>The finished model: this graph, opset 17, IR 8 and the given metadata.</summary>
    public ModelProto Build(IReadOnlyDictionary<string, string> metadata, string producerVersion, string docString = "")
    {
        var model = new ModelProto
        {
            IrVersion = IrVersion,
            ProducerName = "edgesound",
            ProducerVersion = producerVersion,
            DocString = docString,
            Graph = _graph,
        };
        model.OpsetImport.Add(new OperatorSetIdProto { Domain = "", Version = Opset });
        foreach (var (key, value) in metadata)
            model.MetadataProps.Add(new StringStringEntryProto { Key = key, Value = value });
        return model;
    }

    private string AddRaw(string prefix, TensorProto.Types.DataType type, ReadOnlySpan<byte> bytes, long[] dims, int count)
    {
        long expected = 1;
        foreach (var d in dims) expected *= d;
        if (expected != count)
            throw new ArgumentException($"Initializer '{prefix}': shape [{string.Join(", ", dims)}] holds {expected} values, got {count}.");
        var name = UniqueName(prefix);
        var tensor = new TensorProto { Name = name, DataType = (int)type, RawData = ByteString.CopyFrom(bytes) };
        tensor.Dims.AddRange(dims);
        _graph.Initializer.Add(tensor);
        return name;
    }

    private string UniqueNodeName(string name)
    {
        var unique = name;
        for (int n = 1; !_nodeNames.Add(unique); n++) unique = $"{name}_{n}";
        return unique;
    }

    private void Reserve(string name)
    {
        if (!_names.Add(name)) throw new ArgumentException($"Tensor name '{name}' is already used in graph '{_graph.Name}'.");
    }

    private static ValueInfoProto ValueInfo(string name, TensorProto.Types.DataType type, long[] dims)
    {
        var shape = new TensorShapeProto();
        foreach (var d in dims)
            shape.Dim.Add(d < 0 ? new TensorShapeProto.Types.Dimension { DimParam = BatchDimension } : new TensorShapeProto.Types.Dimension { DimValue = d });
        return new ValueInfoProto
        {
            Name = name,
            Type = new TypeProto { TensorType = new TypeProto.Types.Tensor { ElemType = (int)type, Shape = shape } },
        };
    }
}

/// <summary>Attribute constructors, so node calls read like the ONNX operator docs.</summary>
public static class OnnxAttribute
{
    public static AttributeProto Int(string name, long value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Int, I = value };

    public static AttributeProto Float(string name, float value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Float, F = value };

    public static AttributeProto String(string name, string value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.String, S = ByteString.CopyFromUtf8(value) };

    public static AttributeProto Ints(string name, params long[] values)
    {
        var a = new AttributeProto { Name = name, Type = AttributeProto.Types.AttributeType.Ints };
        a.Ints.AddRange(values);
        return a;
    }

    public static AttributeProto Tensor(string name, TensorProto value) =>
        new() { Name = name, Type = AttributeProto.Types.AttributeType.Tensor, T = value };
}
