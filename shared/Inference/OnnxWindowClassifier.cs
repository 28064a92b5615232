using EdgeSound.Shared.Models;
using Microsoft.ML.OnnxRuntime;
using ModelMetadata = EdgeSound.Shared.Models.ModelMetadata;

namespace EdgeSound.Shared.Inference;

/// <summary>
/// An EdgeSound ONNX model run by ONNX Runtime: the classifier of the device and of the trainer's
/// evaluation. Opening checks that the file is a model the device can serve exactly as trained
/// (our metadata, an input named <c>input</c> of the metadata's shape, a <c>probabilities</c> output
/// with one column per label). Classifying copies the inputs into pinned buffers that ONNX Runtime
/// reads and writes through a prepared I/O binding, so a steady stream of equal-sized batches (the
/// device: batch 1 every hop) allocates nothing. Not thread-safe: one instance per thread.
/// </summary>
public sealed class OnnxWindowClassifier : IWindowClassifier
{
    /// <summary>
    /// Windows per ONNX Runtime run; larger calls are split. Bounds the pinned buffers and the cached
    /// bindings (one per batch size up to this).
    /// </summary>
    public const int MaxRunBatch = 64;

    private readonly InferenceSession _session;
    private readonly RunOptions _runOptions = new();
    private readonly int _inputLength;
    private readonly int _labelCount;
    private readonly long[] _inputShape;
    private readonly int _runBatchLimit;
    private readonly Dictionary<int, BatchBinding> _bindings = [];
    private float[] _inputBuffer = [];
    private float[] _probabilityBuffer = [];
    private float[] _logitBuffer = [];
    private int _capacity;
    private bool _disposed;

    private OnnxWindowClassifier(string modelPath, InferenceSession session, ModelMetadata metadata, bool hasLogits, bool fixedBatchOfOne)
    {
        ModelPath = modelPath;
        _session = session;
        Metadata = metadata;
        HasLogits = hasLogits;
        _inputLength = metadata.InputLength;
        _labelCount = metadata.Labels.Count;
        _inputShape = metadata.InputShape;
        _runBatchLimit = fixedBatchOfOne ? 1 : MaxRunBatch;
    }

    /// <inheritdoc />
    public ModelMetadata Metadata { get; }

    /// <summary>The model file this classifier runs.</summary>
    public string ModelPath { get; }

    /// <summary>True when the model also outputs <c>logits</c> (exported models do), so <see cref="Classify(ReadOnlySpan{float}, int, Span{float}, Span{float})"/> can return them.</summary>
    public bool HasLogits { get; }

    /// <summary>
    /// Opens and checks the model at <paramref name="modelPath"/>.
    /// </summary>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    /// <exception cref="InvalidDataException">
    /// ONNX Runtime cannot load the file (its message is included), or the graph's input or outputs do
    /// not fit the metadata; the message names the file.
    /// </exception>
    /// <exception cref="ModelMetadataException">The file lacks the <c>edgesound.*</c> metadata or it is inconsistent.</exception>
    public static OnnxWindowClassifier Open(string modelPath, OnnxClassifierOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(modelPath);
        options ??= OnnxClassifierOptions.Default;
        options.Validate();
        if (!File.Exists(modelPath)) throw new FileNotFoundException($"{modelPath}: no such model file.", modelPath);

        using var sessionOptions = new SessionOptions
        {
            IntraOpNumThreads = options.IntraOpThreads,
            InterOpNumThreads = 1,
            ExecutionMode = ExecutionMode.ORT_SEQUENTIAL,
            GraphOptimizationLevel = options.OptimizationLevel,
        };
        InferenceSession session;
        try
        {
            session = new InferenceSession(modelPath, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new InvalidDataException($"{modelPath}: ONNX Runtime cannot load this model: {e.Message}", e);
        }

        try
        {
            var metadata = ModelMetadata.FromProperties(session.ModelMetadata.CustomMetadataMap, modelPath);
            var fixedBatchOfOne = CheckInput(session, metadata, modelPath);
            CheckOutput(session, ModelMetadata.ProbabilitiesName, metadata, modelPath, required: true);
            var hasLogits = CheckOutput(session, ModelMetadata.LogitsName, metadata, modelPath, required: false);
            return new OnnxWindowClassifier(modelPath, session, metadata, hasLogits, fixedBatchOfOne);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// <paramref name="inputs"/> must hold at least count x InputLength floats and
    /// <paramref name="probabilities"/> at least count x label count; only those prefixes are used.
    /// </remarks>
    public void Classify(ReadOnlySpan<float> inputs, int count, Span<float> probabilities) =>
        Run(inputs, count, probabilities, [], wantLogits: false);

    /// <summary>
    /// Like <see cref="Classify(ReadOnlySpan{float}, int, Span{float})"/>, and also writes the raw
    /// class scores (count x label count) into <paramref name="logits"/>, from the same run (for
    /// parity checks against the training framework). Needs <see cref="HasLogits"/>.
    /// </summary>
    public void Classify(ReadOnlySpan<float> inputs, int count, Span<float> probabilities, Span<float> logits)
    {
        if (!HasLogits)
            throw new InvalidOperationException($"{ModelPath}: the model has no '{ModelMetadata.LogitsName}' output.");
        Run(inputs, count, probabilities, logits, wantLogits: true);
    }

    private void Run(ReadOnlySpan<float> inputs, int count, Span<float> probabilities, Span<float> logits, bool wantLogits)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (inputs.Length < (long)count * _inputLength)
            throw new ArgumentException($"{count} inputs of {_inputLength} floats need {(long)count * _inputLength} values, got {inputs.Length}.", nameof(inputs));
        if (probabilities.Length < (long)count * _labelCount)
            throw new ArgumentException($"{count} inputs need room for {(long)count * _labelCount} probabilities, got {probabilities.Length}.", nameof(probabilities));
        if (wantLogits && logits.Length < (long)count * _labelCount)
            throw new ArgumentException($"{count} inputs need room for {(long)count * _labelCount} logits, got {logits.Length}.", nameof(logits));

        for (int first = 0; first < count; first += _runBatchLimit)
        {
            int batch = Math.Min(_runBatchLimit, count - first);
            var binding = BindingFor(batch);
            inputs.Slice(first * _inputLength, batch * _inputLength).CopyTo(_inputBuffer);
            try
            {
                _session.RunWithBinding(_runOptions, binding.IoBinding);
            }
            catch (OnnxRuntimeException e)
            {
                throw new InvalidOperationException($"{ModelPath}: ONNX Runtime failed to run a batch of {batch}: {e.Message}", e);
            }
            _probabilityBuffer.AsSpan(0, batch * _labelCount).CopyTo(probabilities.Slice(first * _labelCount));
            if (wantLogits) _logitBuffer.AsSpan(0, batch * _labelCount).CopyTo(logits.Slice(first * _labelCount));
        }
    }

    /// <summary>
    /// The I/O binding for batches of <paramref name="batch"/>, over the first rows of the shared pinned
    /// buffers. Made once per batch size; growing the buffers remakes them all.
    /// </summary>
    private BatchBinding BindingFor(int batch)
    {
        if (_bindings.TryGetValue(batch, out var cached)) return cached;
        if (batch > _capacity)
        {
            DisposeBindings();
            // Pinned, so the OrtValues made over them stay valid without a per-run pin.
            _inputBuffer = GC.AllocateArray<float>(batch * _inputLength, pinned: true);
            _probabilityBuffer = GC.AllocateArray<float>(batch * _labelCount, pinned: true);
            _logitBuffer = HasLogits ? GC.AllocateArray<float>(batch * _labelCount, pinned: true) : [];
            _capacity = batch;
        }
        var binding = new BatchBinding(_session, batch, _inputShape, _labelCount, HasLogits,
            _inputBuffer.AsMemory(0, batch * _inputLength),
            _probabilityBuffer.AsMemory(0, batch * _labelCount),
            HasLogits ? _logitBuffer.AsMemory(0, batch * _labelCount) : Memory<float>.Empty);
        _bindings[batch] = binding;
        return binding;
    }

    /// <summary>Checks the input against the metadata; returns true when its batch dimension is fixed at 1.</summary>
    private static bool CheckInput(InferenceSession session, ModelMetadata metadata, string modelPath)
    {
        var inputs = session.InputMetadata;
        if (inputs.Count != 1 || !inputs.TryGetValue(ModelMetadata.InputName, out var input))
            throw new InvalidDataException(
                $"{modelPath}: the model's inputs are [{string.Join(", ", inputs.Keys)}]; an EdgeSound model has exactly one input named '{ModelMetadata.InputName}'. Export the model with 'edgesound-trainer export'.");
        if (!input.IsTensor || input.ElementType != typeof(float))
            throw new InvalidDataException($"{modelPath}: input '{ModelMetadata.InputName}' must be a float tensor, the model declares {input.ElementType.Name}.");

        var expected = metadata.InputShape;
        var dims = input.Dimensions;
        bool shapeMatches = dims.Length == expected.Length + 1;
        for (int i = 0; shapeMatches && i < expected.Length; i++) shapeMatches = dims[i + 1] == expected[i];
        if (!shapeMatches)
            throw new InvalidDataException(
                $"{modelPath}: input '{ModelMetadata.InputName}' has shape {FormatShape(dims)}, but the metadata ({InputKindNames.ToName(metadata.InputKind)}, " +
                $"{metadata.WindowFrames} frames of {metadata.Features.MelCount} mels) needs [batch, {string.Join(", ", expected)}]. The graph and its metadata disagree: re-export the model.");
        if (dims[0] > 1)
            throw new InvalidDataException(
                $"{modelPath}: input '{ModelMetadata.InputName}' has a fixed batch of {dims[0]}; EdgeSound needs a symbolic batch dimension (or a batch of 1). Re-export the model.");
        return dims[0] == 1;
    }

    /// <summary>Checks a [batch, labels] float output; returns whether it exists.</summary>
    private static bool CheckOutput(InferenceSession session, string name, ModelMetadata metadata, string modelPath, bool required)
    {
        if (!session.OutputMetadata.TryGetValue(name, out var output))
        {
            if (!required) return false;
            throw new InvalidDataException(
                $"{modelPath}: the model has no '{name}' output (it has [{string.Join(", ", session.OutputMetadata.Keys)}]). An EdgeSound model outputs '{ModelMetadata.LogitsName}' and '{ModelMetadata.ProbabilitiesName}'; export it with 'edgesound-trainer export'.");
        }
        if (!output.IsTensor || output.ElementType != typeof(float))
            throw new InvalidDataException($"{modelPath}: output '{name}' must be a float tensor, the model declares {output.ElementType.Name}.");
        var dims = output.Dimensions;
        if (dims.Length != 2 || dims[1] != metadata.Labels.Count)
            throw new InvalidDataException(
                $"{modelPath}: output '{name}' has shape {FormatShape(dims)}, but the metadata lists {metadata.Labels.Count} labels, so it must be [batch, {metadata.Labels.Count}]. The graph and its labels disagree: re-export the model.");
        return true;
    }

    private static string FormatShape(int[] dims) => "[" + string.Join(", ", dims.Select(d => d < 0 ? "?" : d.ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]";

    private void DisposeBindings()
    {
        foreach (var binding in _bindings.Values) binding.Dispose();
        _bindings.Clear();
    }

    /// <summary>Releases the ONNX Runtime session and the bindings.</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        DisposeBindings();
        _runOptions.Dispose();
        _session.Dispose();
    }

    /// <summary>One batch size's tensors over the pinned buffers, bound to the session's input and outputs.</summary>
    private sealed class BatchBinding : IDisposable
    {
        private readonly List<OrtValue> _values = [];

        public BatchBinding(InferenceSession session, int batch, long[] inputShape, int labelCount, bool hasLogits,
            Memory<float> input, Memory<float> probabilities, Memory<float> logits)
        {
            IoBinding = session.CreateIoBinding();
            try
            {
                var shape = new long[inputShape.Length + 1];
                shape[0] = batch;
                inputShape.CopyTo(shape, 1);
                IoBinding.BindInput(ModelMetadata.InputName, Track(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, input, shape)));
                long[] outputShape = [batch, labelCount];
                IoBinding.BindOutput(ModelMetadata.ProbabilitiesName, Track(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, probabilities, outputShape)));
                if (hasLogits)
                    IoBinding.BindOutput(ModelMetadata.LogitsName, Track(OrtValue.CreateTensorValueFromMemory(OrtMemoryInfo.DefaultInstance, logits, outputShape)));
            }
            catch
            {
                Dispose();
                throw;
            }
        }

        public OrtIoBinding IoBinding { get; }

        private OrtValue Track(OrtValue value)
        {
            _values.Add(value);
            return value;
        }

        public void Dispose()
        {
            IoBinding.Dispose();
            foreach (var value in _values) value.Dispose();
            _values.Clear();
        }
    }
}
