using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Models;

/// <summary>
/// Arch1: <see cref="ConvStack"/> -> global average pooling -> Dropout -> Linear(FcSize) -> ReLU ->
/// Dropout -> Linear(ClassCount). Returns logits [B, ClassCount].
/// </summary>
public sealed class CnnClassifier : nn.Module<Tensor, Tensor>
{
    private readonly ConvStack features;
    private readonly Sequential classifier;

    /// <summary>Builds the model for a Cnn spec (validated first).</summary>
    public CnnClassifier(ModelSpec spec) : base(nameof(CnnClassifier))
    {
        spec.Validate();
        if (spec.Architecture != Architecture.Cnn)
            throw new ArgumentException($"CnnClassifier needs Architecture {Architecture.Cnn}, the spec says {spec.Architecture}.", nameof(spec));
        Spec = spec;

        features = new ConvStack(spec);
        classifier = nn.Sequential(
            ("dropout_in", nn.Dropout(spec.Dropout)),
            ("fc", nn.Linear(features.OutputChannels, spec.FcSize)),
            ("relu", nn.ReLU()),
            ("dropout_fc", nn.Dropout(spec.Dropout)),
            ("out", nn.Linear(spec.FcSize, spec.ClassCount)));
        RegisterComponents();
    }

    /// <summary>The spec this model was built from.</summary>
    public ModelSpec Spec { get; }

    /// <summary>The convolutional front end.</summary>
    public ConvStack Features => features;

    /// <summary>The head after pooling: dropout_in, fc, relu, dropout_fc, out.</summary>
    public Sequential Classifier => classifier;

    /// <summary>Hidden layer, conv output channels -> FcSize.</summary>
    public Linear Hidden => classifier.Child<Linear>("fc");

    /// <summary>Output layer, FcSize -> ClassCount.</summary>
    public Linear Output => classifier.Child<Linear>("out");

    /// <inheritdoc/>
    public override Tensor forward(Tensor input)
    {
        InputShapeGuard.Check(Spec, input, nameof(CnnClassifier));
        using var scope = NewDisposeScope();
        var x = features.forward(input);
        x = GlobalAveragePool(x);
        x = classifier.forward(x);
        return x.MoveToOuterDisposeScope();
    }

    // Mean over every axis after the channels ([B,C,H,W] or [B,C,T] -> [B,C]): ONNX GlobalAveragePool + Flatten.
    private static Tensor GlobalAveragePool(Tensor x)
    {
        long[] spatial = Enumerable.Range(2, (int)x.dim() - 2).Select(i => (long)i).ToArray();
        return x.mean(spatial);
    }
}
