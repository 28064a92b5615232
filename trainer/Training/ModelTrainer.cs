using System.Diagnostics;
using EdgeSound.Trainer.Data;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Training;

/// <summary>
/// Trains one model on a set of clips: <see cref="TrainEpoch"/> runs the augmented batches,
/// <see cref="Fit"/> loops epochs with the learning-rate schedule and validates after each one.
/// The last epoch's weights are the result (or, with <see cref="TrainingOptions.EmaDecay"/>, their
/// moving average at the last epoch): no epoch is picked by looking at any score, so the same recipe
/// can retrain on all four folds with nothing held out. With a teacher, the loss also asks the model
/// to match the teacher's outputs on each training window (<see cref="Distillation"/>).
/// </summary>
public sealed class ModelTrainer : IDisposable
{
    private readonly nn.Module<Tensor, Tensor> _model;
    private readonly TrainingOptions _options;
    private readonly Device _device;
    private readonly long[] _rowShape;
    private readonly int _classCount;
    private readonly optim.Optimizer _optimizer;
    private readonly WeightAverage? _average;
    private readonly nn.Module<Tensor, Tensor>? _teacher;

    /// <param name="model">The model to train, on <paramref name="device"/>.</param>
    /// <param name="options">Epochs, optimiser, schedule, weight averaging, distillation.</param>
    /// <param name="rowShape">One input row's shape (without the batch dimension).</param>
    /// <param name="classCount">Classes, the width of the soft targets.</param>
    /// <param name="device">Where the batches go.</param>
    /// <param name="teacher">The trained model to distil from (needs <see cref="TrainingOptions.Distillation"/>), on <paramref name="device"/>; it is only run, in eval mode, never trained.</param>
    public ModelTrainer(nn.Module<Tensor, Tensor> model, TrainingOptions options, long[] rowShape, int classCount, Device device,
        nn.Module<Tensor, Tensor>? teacher = null)
    {
        options.Validate();
        if ((teacher is null) != (options.Distillation is null))
            throw new ArgumentException(teacher is null ? "Distillation is set but no teacher model was given." : "A teacher model was given but no distillation settings.");
        _teacher = teacher;
        _teacher?.eval();
        _model = model;
        _options = options;
        _device = device;
        _rowShape = rowShape;
        _classCount = classCount;
        _optimizer = options.Optimizer switch
        {
            OptimizerKind.Adam => optim.AdamW(model.parameters(), options.LearningRate, weight_decay: options.WeightDecay),
            OptimizerKind.Sgd => optim.SGD(model.parameters(), options.LearningRate, momentum: options.Momentum, weight_decay: options.WeightDecay, nesterov: options.Momentum > 0),
            _ => throw new ArgumentOutOfRangeException(nameof(options)),
        };
        if (options.EmaDecay > 0) _average = new WeightAverage(model, options.EmaDecay);
    }

    /// <summary>
    /// Trains for all epochs. <paramref name="validation"/> may be null (the final retrain on every
    /// cross-validation fold); <paramref name="onEpoch"/> sees each epoch's numbers as they come.
    /// Returns the last epoch's validation predictions (those of the returned weights), or null.
    /// With weight averaging, validation scores the averaged weights, and the model ends holding them.
    /// </summary>
    public ClipPredictions? Fit(TrainingBatchSampler sampler, EvaluationSet? validation, Action<EpochStats>? onEpoch, CancellationToken cancel = default)
    {
        ClipPredictions? last = null;
        for (int epoch = 0; epoch < _options.Epochs; epoch++)
        {
            cancel.ThrowIfCancellationRequested();
            var clock = Stopwatch.StartNew();
            double lr = _options.LearningRateAt(epoch);
            foreach (var group in _optimizer.ParamGroups) group.LearningRate = lr;
            var (trainLoss, trainAccuracy) = TrainEpoch(sampler);
            if (!double.IsFinite(trainLoss)) throw new TrainingDivergedException(epoch + 1, trainLoss, lr);
            double valLoss = double.NaN, valAccuracy = double.NaN;
            if (validation is not null)
            {
                _average?.Swap();
                last = ClipEvaluator.Evaluate(_model, validation, _rowShape, _classCount, _device, _options.EvaluationBatchSize);
                _average?.Swap();
                valLoss = last.Loss();
                valAccuracy = last.Accuracy();
            }
            onEpoch?.Invoke(new EpochStats(epoch + 1, trainLoss, trainAccuracy, valLoss, valAccuracy, lr, clock.Elapsed.TotalSeconds));
        }
        _average?.CopyInto();
        return last;
    }

    /// <summary>One pass over the sampler's batches; returns the mean training loss (soft-label
    /// cross-entropy, or with a teacher the distillation loss) and the accuracy against each window's
    /// dominant label.</summary>
    public (double Loss, double Accuracy) TrainEpoch(TrainingBatchSampler sampler)
    {
        _model.train();
        double lossSum = 0;
        long right = 0, seen = 0;
        foreach (var batch in sampler.Epoch(_options.BatchSize, _options.WindowsPerClip))
        {
            using var scope = NewDisposeScope();
            var shape = new long[_rowShape.Length + 1];
            shape[0] = batch.Count;
            _rowShape.CopyTo(shape, 1);
            var input = tensor(batch.Inputs, shape).to(_device);
            var target = tensor(batch.Targets, [batch.Count, _classCount]).to(_device);

            _optimizer.zero_grad();
            var logits = _model.forward(input);
            var loss = _teacher is null
                ? Distillation.SoftTargetCrossEntropy(logits, target)
                : _options.Distillation!.Loss(logits, TeacherLogits(input), target);
            loss.backward();
            _optimizer.step();
            _average?.Update();

            lossSum += loss.item<float>() * batch.Count;
            right += logits.argmax(1).eq(target.argmax(1)).sum().item<long>();
            seen += batch.Count;
        }
        return (lossSum / seen, right / (double)seen);
    }

    private Tensor TeacherLogits(Tensor input)
    {
        using var noGrad = no_grad();
        return _teacher!.forward(input);
    }

    public void Dispose() => _average?.Dispose();
}
