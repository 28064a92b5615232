using EdgeSound.Trainer.Metrics;
using Xunit;

namespace EdgeSound.Trainer.Tests.Metrics;

public class ClassificationMetricsTests
{
    // Three classes, eight samples:
    //   truth      0 0 0 1 1 1 2 2
    //   predicted  0 0 1 1 1 2 2 0
    // Confusion (rows truth, cols prediction):
    //   [2 1 0]
    //   [0 2 1]
    //   [1 0 1]
    private static readonly int[] Truth = [0, 0, 0, 1, 1, 1, 2, 2];
    private static readonly int[] Predicted = [0, 0, 1, 1, 1, 2, 2, 0];

    [Fact]
    public void Accuracy_counts_matching_labels()
    {
        // Hits on the diagonal: 2 + 2 + 1 = 5 of 8.
        Assert.Equal(5.0 / 8, Accuracy.Compute(Truth, Predicted));
        Assert.Equal(1.0, Accuracy.Compute(Truth, Truth));
    }

    [Fact]
    public void Confusion_matrix_puts_truth_on_rows_and_prediction_on_columns()
    {
        var matrix = ConfusionMatrix.From(Truth, Predicted, classCount: 3);

        Assert.Equal(new int[,] { { 2, 1, 0 }, { 0, 2, 1 }, { 1, 0, 1 } }, matrix.Counts);
        Assert.Equal(8, matrix.Total);
        Assert.Equal(1, matrix.FalsePositives(0)); // column 0 minus diagonal: the 2 predicted as 0
        Assert.Equal(1, matrix.FalseNegatives(0)); // row 0 minus diagonal: the 0 predicted as 1
    }

    [Fact]
    public void Per_class_recall_divides_the_diagonal_by_the_row_sum()
    {
        // Class 0: 2/3, class 1: 2/3, class 2: 1/2.
        Assert.Equal([2.0 / 3, 2.0 / 3, 0.5], ConfusionMatrix.From(Truth, Predicted, 3).PerClassRecall());
    }

    [Fact]
    public void Recall_of_a_class_never_true_is_NaN()
    {
        var matrix = ConfusionMatrix.From([0, 0], [0, 1], classCount: 3);
        Assert.True(double.IsNaN(matrix.Recall(2)));
        Assert.Equal(0.5, matrix.Recall(0));
    }

    [Fact]
    public void Macro_F1_averages_per_class_F1()
    {
        // F1 = 2TP / (2TP + FP + FN):
        //   class 0: TP 2, FP 1 (a 2), FN 1 -> 4/6
        //   class 1: TP 2, FP 1 (a 0), FN 1 -> 4/6
        //   class 2: TP 1, FP 1 (a 1), FN 1 -> 2/4
        // mean = (2/3 + 2/3 + 1/2) / 3 = 11/18
        Assert.Equal(11.0 / 18, MacroF1.Compute(Truth, Predicted, 3), 12);
    }

    [Fact]
    public void Macro_F1_leaves_out_classes_absent_from_truth_and_prediction()
    {
        // Classes 0 and 1 of 4; classes 2 and 3 never occur on either side.
        //   truth 0 0 1 1, predicted 0 1 1 1
        //   class 0: TP 1, FP 0, FN 1 -> 2/3;  class 1: TP 2, FP 1, FN 0 -> 4/5
        //   mean over the two present classes = (2/3 + 4/5) / 2 = 11/15
        Assert.Equal(11.0 / 15, MacroF1.Compute([0, 0, 1, 1], [0, 1, 1, 1], classCount: 4), 12);
    }

    [Fact]
    public void Macro_F1_counts_a_class_that_is_only_predicted_as_zero()
    {
        // truth 0 0, predicted 0 1: class 0 TP 1 FN 1 -> 2/3; class 1 TP 0 FP 1 -> 0; mean 1/3.
        Assert.Equal(1.0 / 3, MacroF1.Compute([0, 0], [0, 1], classCount: 2), 12);
    }

    [Fact]
    public void Metrics_reject_mismatched_lengths_and_labels_out_of_range()
    {
        Assert.Throws<ArgumentException>(() => Accuracy.Compute([0, 1], [0]));
        Assert.Throws<ArgumentException>(() => Accuracy.Compute([], []));
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ConfusionMatrix.From([0, 3], [0, 1], classCount: 3));
        Assert.Contains("truth[1] = 3 is outside 0..2", error.Message);
    }
}
