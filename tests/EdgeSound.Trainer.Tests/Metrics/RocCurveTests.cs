using EdgeSound.Shared.Randomness;
using EdgeSound.Trainer.Metrics;
using Xunit;

namespace EdgeSound.Trainer.Tests.Metrics;

public class RocCurveTests
{
    [Fact]
    public void Distinct_scores_give_one_step_per_sample_and_the_trapezoid_area()
    {
        // scores 0.9 0.8 0.7 0.6, labels + - + -  (P = 2, N = 2)
        // thresholds: inf (0,0); 0.9 (0, .5); 0.8 (.5, .5); 0.7 (.5, 1); 0.6 (1, 1)
        // area = 0.5 * 0.5 (from fpr 0 to .5 at tpr .5) + 0.5 * 1 = 0.75
        // (check: of the 4 positive/negative pairs, 3 are ranked right)
        var roc = RocCurve.Compute([0.9, 0.8, 0.7, 0.6], [true, false, true, false]);

        Assert.Equal([double.PositiveInfinity, 0.9, 0.8, 0.7, 0.6], roc.Thresholds);
        Assert.Equal([0, 0, 0.5, 0.5, 1], roc.FalsePositiveRates);
        Assert.Equal([0, 0.5, 0.5, 1, 1], roc.TruePositiveRates);
        Assert.Equal(0.75, roc.Auc, 12);
    }

    [Fact]
    public void Tied_scores_enter_as_one_diagonal_step()
    {
        // scores 0.3 0.8 0.8 0.3, labels + + - -  (given out of order on purpose)
        // 0.8 holds one positive and one negative -> one step to (.5, .5); 0.3 -> (1, 1).
        // area = (0.5 * 0.5) / 2 + 0.5 * (0.5 + 1) / 2 = 0.125 + 0.375 = 0.5
        // (pairs: (0.8 vs 0.8) tie = 1/2, (0.8 vs 0.3) 1, (0.3 vs 0.8) 0, (0.3 vs 0.3) 1/2 -> 2/4)
        var roc = RocCurve.Compute([0.3, 0.8, 0.8, 0.3], [true, true, false, false]);

        Assert.Equal([double.PositiveInfinity, 0.8, 0.3], roc.Thresholds);
        Assert.Equal([0, 0.5, 1], roc.FalsePositiveRates);
        Assert.Equal([0, 0.5, 1], roc.TruePositiveRates);
        Assert.Equal(0.5, roc.Auc, 12);
    }

    [Fact]
    public void A_perfect_classifier_has_AUC_one_and_a_constant_one_has_AUC_one_half()
    {
        var perfect = RocCurve.Compute([0.9, 0.7, 0.2, 0.1], [true, true, false, false]);
        Assert.Equal(1.0, perfect.Auc);
        // Both positives come before any negative: the curve climbs to (0, 1) first.
        Assert.Equal([0, 0, 0, 0.5, 1], perfect.FalsePositiveRates);
        Assert.Equal([0, 0.5, 1, 1, 1], perfect.TruePositiveRates);

        // A classifier that scores everything alike is one diagonal step from (0,0) to (1,1).
        var constant = RocCurve.Compute([0.5, 0.5, 0.5, 0.5, 0.5], [true, false, true, false, false]);
        Assert.Equal(2, constant.Thresholds.Count);
        Assert.Equal(0.5, constant.Auc, 12);

        var inverted = RocCurve.Compute([0.1, 0.2, 0.7, 0.9], [true, true, false, false]);
        Assert.Equal(0.0, inverted.Auc);
    }

    [Fact]
    public void Random_scores_give_an_AUC_near_one_half()
    {
        var rng = new SplitMix64(3);
        var scores = new double[4000];
        var labels = new bool[4000];
        for (int i = 0; i < scores.Length; i++)
        {
            scores[i] = rng.NextDouble();
            labels[i] = rng.NextDouble() < 0.3;
        }
        // Standard error of the AUC for ~1200 positives and ~2800 negatives is about 0.01.
        Assert.InRange(RocCurve.Compute(scores, labels).Auc, 0.46, 0.54);
    }

    [Fact]
    public void One_class_only_has_no_AUC()
    {
        Assert.True(double.IsNaN(RocCurve.Compute([0.2, 0.4], [true, true]).Auc));
        Assert.True(double.IsNaN(RocCurve.Compute([0.2, 0.4], [false, false]).Auc));
    }

    [Fact]
    public void One_vs_rest_builds_a_curve_per_class_and_averages_the_AUCs()
    {
        // 3 classes, 4 samples; truth 0 1 2 2.
        double[,] scores =
        {
            { 0.7, 0.2, 0.1 },
            { 0.3, 0.4, 0.3 },
            { 0.2, 0.5, 0.3 },
            { 0.1, 0.1, 0.8 },
        };
        int[] truth = [0, 1, 2, 2];
        // class 0: column 0.7 .3 .2 .1, positive only the 0.7 -> ranked first: AUC 1
        // class 1: column .2 .4 .5 .1, positive the .4; negatives .2 .5 .1 -> beats 2 of 3: AUC 2/3
        // class 2: column .1 .3 .3 .8, positives .3 (sample 2) and .8; negatives .1 and .3 (sample 1)
        //   pairs: .3>.1 1, .3=.3 1/2, .8>.1 1, .8>.3 1 -> 3.5/4 = 0.875
        // macro = (1 + 2/3 + 0.875) / 3
        var roc = OneVsRestRoc.Compute(scores, truth);

        Assert.Equal(1.0, roc.PerClass[0].Auc, 12);
        Assert.Equal(2.0 / 3, roc.PerClass[1].Auc, 12);
        Assert.Equal(0.875, roc.PerClass[2].Auc, 12);
        Assert.Equal((1 + 2.0 / 3 + 0.875) / 3, roc.MacroAuc, 12);
    }

    [Fact]
    public void Macro_AUC_skips_a_class_with_no_positives()
    {
        // Class 2 never occurs in the truth: its AUC is undefined and left out of the mean.
        double[,] scores = { { 0.9, 0.1, 0.0 }, { 0.2, 0.8, 0.0 } };
        var roc = OneVsRestRoc.Compute(scores, [0, 1]);

        Assert.True(double.IsNaN(roc.PerClass[2].Auc));
        Assert.Equal(1.0, roc.MacroAuc);
    }
}
