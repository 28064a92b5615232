using EdgeSound.Trainer.Models;
using EdgeSound.Trainer.Training;
using TorchSharp;
using Xunit;
using static TorchSharp.torch;

namespace EdgeSound.Trainer.Tests.Training;

[Collection(TorchCollection.Name)]
public class DistillationTests
{
    [Fact]
    public void The_loss_shares_cross_entropy_and_the_tempered_divergence_by_the_weight()
    {
        using var scope = NewDisposeScope();
        var student = tensor(new float[,] { { 2f, 0f, -1f } });
        var teacher = tensor(new float[,] { { 0f, 1f, 0f } });
        var target = tensor(new float[,] { { 1f, 0f, 0f } });
        double w = 0.25, t = 2;

        double Softmax(float[] z, int i, double temperature) => Math.Exp(z[i] / temperature) / z.Sum(v => Math.Exp(v / temperature));
        float[] s = [2f, 0f, -1f], q = [0f, 1f, 0f];
        double crossEntropy = -Math.Log(Softmax(s, 0, 1));
        double divergence = Enumerable.Range(0, 3).Sum(i => Softmax(q, i, t) * Math.Log(Softmax(q, i, t) / Softmax(s, i, t)));
        double expected = (1 - w) * crossEntropy + w * t * t * divergence;

        Assert.Equal(expected, new Distillation(w, t).Loss(student, teacher, target).item<float>(), 5);
    }

    [Fact]
    public void A_student_that_matches_its_teacher_pays_only_the_label_term()
    {
        using var scope = NewDisposeScope();
        var logits = tensor(new float[,] { { 0.3f, -1.2f, 2f }, { 1f, 1f, 0f } });
        var targets = tensor(new float[,] { { 0f, 0f, 1f }, { 0.5f, 0.5f, 0f } });
        var plain = Distillation.SoftTargetCrossEntropy(logits, targets).item<float>();
        Assert.Equal(0.4 * plain, new Distillation(0.6, 3).Loss(logits, logits, targets).item<float>(), 5);
    }

    [Theory]
    [InlineData(0.0, 2.0, "weight")]
    [InlineData(1.5, 2.0, "weight")]
    [InlineData(0.5, 0.0, "temperature")]
    [InlineData(0.5, double.PositiveInfinity, "temperature")]
    public void Settings_outside_their_range_are_refused_by_name(double weight, double temperature, string named)
    {
        Assert.Contains(named, Assert.Throws<ArgumentException>(new Distillation(weight, temperature).Validate).Message);
    }

    private static float[] Weights(nn.Module model) => model.parameters().SelectMany(p => p.detach().data<float>().ToArray()).ToArray();

    [Fact]
    public void A_teacher_changes_what_the_student_learns_and_is_never_trained_itself()
    {
        var builder = TinyTraining.Builder;
        List<double> Train(nn.Module<Tensor, Tensor>? teacher)
        {
            using var scope = NewDisposeScope();
            manual_seed(5);
            using var student = ModelFactory.Create(TinyTraining.Cnn(4));
            var options = new TrainingOptions { Epochs = 2, BatchSize = 4, Distillation = teacher is null ? null : new Distillation(0.5, 2) };
            using var trainer = new ModelTrainer(student, options, builder.RowShape, 3, CPU, teacher);
            var losses = new List<double>();
            trainer.Fit(TinyTraining.Sampler(), null, e => losses.Add(e.TrainLoss));
            return losses;
        }
        manual_seed(11);
        using var teacher = ModelFactory.Create(TinyTraining.Cnn(8));
        var before = Weights(teacher);

        var plain = Train(null);
        var distilled = Train(teacher);

        Assert.NotEqual(plain, distilled);
        Assert.Equal(before, Weights(teacher));
        Assert.False(teacher.training);
    }

    [Fact]
    public void A_teacher_without_settings_or_settings_without_a_teacher_are_refused()
    {
        var builder = TinyTraining.Builder;
        using var student = ModelFactory.Create(TinyTraining.Cnn(4));
        using var teacher = ModelFactory.Create(TinyTraining.Cnn(4));
        Assert.Contains("no distillation settings", Assert.Throws<ArgumentException>(() =>
            new ModelTrainer(student, new TrainingOptions(), builder.RowShape, 3, CPU, teacher)).Message);
        Assert.Contains("no teacher", Assert.Throws<ArgumentException>(() =>
            new ModelTrainer(student, new TrainingOptions { Distillation = Distillation.Default }, builder.RowShape, 3, CPU)).Message);
    }
}
