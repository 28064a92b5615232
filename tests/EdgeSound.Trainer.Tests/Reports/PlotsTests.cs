using EdgeSound.Shared.Randomness;
using System.Buffers.Binary;
using EdgeSound.Trainer.Metrics;
using EdgeSound.Trainer.Reports;
using EdgeSound.Trainer.Sweeps;
using Xunit;

namespace EdgeSound.Trainer.Tests.Reports;

public class PlotsTests
{
    private static readonly string[] ClassNames = ["dog", "rooster", "rain", "sea_waves", "crackling_fire", "crying_baby", "sneezing", "clock_tick", "helicopter", "chainsaw"];

    [Fact]
    public void Training_curves_are_written_as_a_two_panel_png()
    {
        var folds = Enumerable.Range(2, 4).Select(fold => new FoldHistory(fold, SyntheticHistory(fold))).ToList();
        using var folder = new TempFolder();
        string path = folder.File("curves.png");

        Plots.TrainingCurves(path, "polished-sweep-2", folds);

        var (width, height) = AssertPng(path);
        Assert.Equal(1600, width); // two 800-pixel panels
        Assert.Equal(560, height);
    }

    [Fact]
    public void Confusion_matrix_heatmap_is_written_as_png()
    {
        var (truth, predicted, _) = SyntheticPredictions();
        var matrix = ConfusionMatrix.From(truth, predicted, ClassNames.Length);
        using var folder = new TempFolder();
        string path = folder.File("confusion.png");

        Plots.ConfusionMatrixHeatmap(path, "polished-sweep-2 on fold 1", matrix, ClassNames);

        AssertPng(path);
        Assert.Throws<ArgumentException>(() => Plots.ConfusionMatrixHeatmap(path, "x", matrix, ClassNames[..3]));
    }

    [Fact]
    public void Roc_curves_are_written_as_png()
    {
        var (truth, _, scores) = SyntheticPredictions();
        var roc = OneVsRestRoc.Compute(scores, truth);
        using var folder = new TempFolder();
        string path = folder.File("roc.png");

        Plots.RocCurves(path, "polished-sweep-2 on fold 1", roc, ClassNames);

        AssertPng(path);
    }

    /// <summary>Checks the PNG signature and a plausible size, and returns the IHDR width and height.</summary>
    private static (int Width, int Height) AssertPng(string path)
    {
        byte[] bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length > 10_000, $"{path} is only {bytes.Length} bytes");
        Assert.Equal(new byte[] { 0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A }, bytes[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(bytes, 12, 4));
        Assert.Empty(Directory.GetFiles(Path.GetDirectoryName(path)!, ".*.tmp.png")); // temp files renamed away
        return (BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(20)));
    }

    /// <summary>Loss falling and accuracy rising towards a fold-dependent plateau, with a little noise.</summary>
    private static List<EpochRow> SyntheticHistory(int fold)
    {
        var rng = new SplitMix64((ulong)fold);
        var rows = new List<EpochRow>();
        for (int epoch = 1; epoch <= 30; epoch++)
        {
            double progress = 1 - Math.Exp(-epoch / 8.0);
            double noise = (rng.NextDouble() - 0.5) * 0.04;
            rows.Add(new EpochRow(epoch,
                TrainLoss: 2.3 * (1 - 0.9 * progress) + noise,
                TrainAccuracy: 0.1 + 0.85 * progress + noise,
                ValLoss: 2.3 * (1 - 0.6 * progress) + 0.01 * epoch * (fold - 1) / 4 + noise,
                ValAccuracy: 0.1 + (0.45 + 0.05 * fold) * progress + noise,
                LearningRate: 0.001,
                Seconds: 3.2));
        }
        return rows;
    }

    /// <summary>200 samples, 10 classes: the true class gets a higher softmax-like score for lower class indices.</summary>
    private static (int[] Truth, int[] Predicted, double[,] Scores) SyntheticPredictions()
    {
        var rng = new SplitMix64(99);
        int n = 200, k = ClassNames.Length;
        var truth = new int[n];
        var predicted = new int[n];
        var scores = new double[n, k];
        for (int i = 0; i < n; i++)
        {
            truth[i] = i % k;
            double sum = 0;
            for (int c = 0; c < k; c++)
            {
                double logit = rng.NextDouble() * 2 + (c == truth[i] ? 2.5 - 0.2 * c : 0);
                scores[i, c] = Math.Exp(logit);
                sum += scores[i, c];
            }
            int best = 0;
            for (int c = 0; c < k; c++)
            {
                scores[i, c] /= sum;
                if (scores[i, c] > scores[i, best]) best = c;
            }
            predicted[i] = best;
        }
        return (truth, predicted, scores);
    }
}
