using EdgeSound.Trainer.Metrics;

namespace EdgeSound.Trainer.Evaluation;

/// <summary>
/// How one exported model did on a fold, scored clip by clip through the device path
/// (<see cref="EdgeSound.Shared.Inference.ClipClassifier"/>). The metrics are the trainer's own.
/// </summary>
public sealed class ModelEvaluation
{
    /// <summary>Tallies <paramref name="predicted"/> against <paramref name="truth"/> (both in the fold's clip order).</summary>
    public ModelEvaluation(string name, string modelPath, string precision, int[] truth, int[] predicted, float[] confidence, int classCount, double seconds)
    {
        Name = name;
        ModelPath = modelPath;
        Precision = precision;
        Predicted = predicted;
        Confidence = confidence;
        Seconds = seconds;
        Matrix = ConfusionMatrix.From(truth, predicted, classCount);
        Accuracy = Metrics.Accuracy.Compute(truth, predicted);
        MacroF1 = Metrics.MacroF1.Compute(Matrix);
    }

    /// <summary>Short name for tables (the file name, or the path when file names repeat).</summary>
    public string Name { get; }

    /// <summary>The model file.</summary>
    public string ModelPath { get; }

    /// <summary>The model's <c>edgesound.precision</c> ("float32" or "int8").</summary>
    public string Precision { get; }

    /// <summary>Predicted class of each clip.</summary>
    public int[] Predicted { get; }

    /// <summary>Clip score of the predicted class, per clip.</summary>
    public float[] Confidence { get; }

    /// <summary>Wall time spent scoring the fold with this model (features and inference).</summary>
    public double Seconds { get; }

    /// <summary>Truth (rows) against prediction (columns).</summary>
    public ConfusionMatrix Matrix { get; }

    /// <summary>Fraction of clips predicted correctly.</summary>
    public double Accuracy { get; }

    /// <summary>Unweighted mean of per-class F1.</summary>
    public double MacroF1 { get; }

    /// <summary>Recall per class; NaN for a class with no clips in the fold.</summary>
    public double[] Recall => Matrix.PerClassRecall();
}
