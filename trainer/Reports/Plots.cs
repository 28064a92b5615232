using EdgeSound.Trainer.Metrics;
using ScottPlot;
using EdgeSound.Shared.IO;

namespace EdgeSound.Trainer.Reports;

/// <summary>
/// The study's figures as PNG files (ScottPlot 5), each written to a temporary file and renamed.
/// Sizes are chosen so labels stay readable when the PNG is embedded in a Markdown report.
/// </summary>
public static class Plots
{
    private const int PanelWidth = 800;
    private const int PanelHeight = 560;

    /// <summary>
    /// Two panels side by side for one trial: accuracy (left) and loss (right) per epoch. Each fold has
    /// its own colour; training is a solid line, validation dashed.
    /// </summary>
    public static void TrainingCurves(string path, string title, IReadOnlyList<FoldHistory> folds)
    {
        if (folds.Count == 0) throw new ArgumentException($"no fold histories to plot for '{title}'", nameof(folds));
        var multiplot = new Multiplot();
        multiplot.AddPlots(2);
        var accuracy = multiplot.GetPlot(0);
        var loss = multiplot.GetPlot(1);
        multiplot.Layout = new ScottPlot.MultiplotLayouts.Columns();

        var palette = new ScottPlot.Palettes.Category10();
        for (int i = 0; i < folds.Count; i++)
        {
            var fold = folds[i];
            var color = palette.GetColor(i);
            double[] epochs = fold.Epochs.Select(e => (double)e.Epoch).ToArray();
            AddLine(accuracy, epochs, fold.Epochs.Select(e => e.TrainAccuracy * 100).ToArray(), color, $"fold {fold.ValidationFold} train", LinePattern.Solid);
            AddLine(accuracy, epochs, fold.Epochs.Select(e => e.ValAccuracy * 100).ToArray(), color, $"fold {fold.ValidationFold} val", LinePattern.Dashed);
            AddLine(loss, epochs, fold.Epochs.Select(e => e.TrainLoss).ToArray(), color, $"fold {fold.ValidationFold} train", LinePattern.Solid);
            AddLine(loss, epochs, fold.Epochs.Select(e => e.ValLoss).ToArray(), color, $"fold {fold.ValidationFold} val", LinePattern.Dashed);
        }

        Style(accuracy, $"{title}: accuracy", "epoch", "accuracy (%)");
        accuracy.Axes.SetLimitsY(0, 100);
        accuracy.ShowLegend(Alignment.LowerRight);
        Style(loss, $"{title}: loss", "epoch", "cross-entropy loss");
        loss.ShowLegend(Alignment.UpperRight);

        AtomicFile.Write(path, temp => multiplot.SavePng(temp, 2 * PanelWidth, PanelHeight));
    }

    /// <summary>
    /// Confusion matrix heatmap, truth on the vertical axis (top to bottom in class order), prediction on
    /// the horizontal; each cell shows its count.
    /// </summary>
    public static void ConfusionMatrixHeatmap(string path, string title, ConfusionMatrix matrix, IReadOnlyList<string> classNames)
    {
        int n = matrix.ClassCount;
        CheckNames(classNames, n);
        var intensities = new double[n, n];
        int max = 0;
        for (int t = 0; t < n; t++)
        for (int p = 0; p < n; p++)
        {
            intensities[t, p] = matrix[t, p];
            max = Math.Max(max, matrix[t, p]);
        }

        var plot = new Plot();
        var heatmap = plot.Add.Heatmap(intensities);
        // Reversed so empty cells are white and the busiest cells dark, as in printed confusion matrices.
        heatmap.Colormap = new ScottPlot.Colormaps.Blues().Reversed();
        plot.Add.ColorBar(heatmap);

        for (int t = 0; t < n; t++)
        for (int p = 0; p < n; p++)
        {
            // Row t is drawn at y = n-1-t so class 0 is the top row, as in a printed matrix.
            var label = plot.Add.Text(matrix[t, p].ToString(System.Globalization.CultureInfo.InvariantCulture), p, n - 1 - t);
            label.LabelAlignment = Alignment.MiddleCenter;
            label.LabelFontSize = 16;
            label.LabelBold = true;
            // White text on dark (busy) cells, black on light ones.
            label.LabelFontColor = matrix[t, p] > max / 2.0 ? Colors.White : Colors.Black;
        }

        double[] positions = Enumerable.Range(0, n).Select(i => (double)i).ToArray();
        plot.Axes.Bottom.SetTicks(positions, classNames.ToArray());
        // Rotated names hang down-right from their tick; reserve room so the longest one is not cut off.
        plot.Axes.Bottom.TickLabelStyle.Rotation = 45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleLeft;
        plot.Axes.Bottom.MinimumSize = 40 + 6 * classNames.Max(name => name.Length);
        plot.Axes.Left.SetTicks(positions, classNames.Reverse().ToArray());
        plot.Axes.SetLimits(-0.5, n - 0.5, -0.5, n - 0.5);
        Style(plot, title, "predicted class", "true class");

        int size = Math.Max(PanelHeight, 90 + 60 * n);
        AtomicFile.Write(path, temp => plot.SavePng(temp, size + 180, size + 60));
    }

    /// <summary>
    /// One-vs-rest ROC curve per class plus the chance diagonal; the legend gives each class's AUC and
    /// the title the macro AUC.
    /// </summary>
    public static void RocCurves(string path, string title, OneVsRestRoc roc, IReadOnlyList<string> classNames)
    {
        CheckNames(classNames, roc.PerClass.Count);
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (int c = 0; c < roc.PerClass.Count; c++)
        {
            var curve = roc.PerClass[c];
            if (double.IsNaN(curve.Auc)) continue; // no positives or no negatives: nothing to draw
            AddLine(plot, curve.FalsePositiveRates.ToArray(), curve.TruePositiveRates.ToArray(), palette.GetColor(c),
                $"{classNames[c]} (AUC {curve.Auc.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)})", LinePattern.Solid);
        }
        var chance = plot.Add.Line(0, 0, 1, 1);
        chance.LineColor = Colors.Gray;
        chance.LinePattern = LinePattern.Dotted;
        chance.LegendText = "chance";

        plot.Axes.SetLimits(-0.01, 1.01, -0.01, 1.01);
        Style(plot, $"{title}: macro AUC {roc.MacroAuc.ToString("F3", System.Globalization.CultureInfo.InvariantCulture)}",
            "false positive rate", "true positive rate");
        plot.ShowLegend(Alignment.LowerRight);
        AtomicFile.Write(path, temp => plot.SavePng(temp, PanelWidth, PanelHeight + 100));
    }

    private static void AddLine(Plot plot, double[] xs, double[] ys, Color color, string label, LinePattern pattern)
    {
        var scatter = plot.Add.Scatter(xs, ys);
        scatter.Color = color;
        scatter.LineWidth = 2;
        scatter.MarkerSize = 0;
        scatter.LinePattern = pattern;
        scatter.LegendText = label;
    }

    private static void Style(Plot plot, string title, string xLabel, string yLabel)
    {
        plot.Title(title, size: 18);
        plot.XLabel(xLabel, size: 15);
        plot.YLabel(yLabel, size: 15);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Legend.FontSize = 12;
    }

    private static void CheckNames(IReadOnlyList<string> classNames, int classCount)
    {
        if (classNames.Count != classCount)
        {
            throw new ArgumentException($"{classNames.Count} class names for {classCount} classes; give one name per class", nameof(classNames));
        }
    }
}
