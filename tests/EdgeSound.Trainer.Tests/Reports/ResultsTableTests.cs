using EdgeSound.Trainer.Reports;
using Xunit;

namespace EdgeSound.Trainer.Tests.Reports;

public class ResultsTableTests
{
    private static readonly FoldResult[] Folds =
    [
        new() { Fold = 2, TrainLoss = 0.40, TrainAccuracy = 0.90, ValidationLoss = 1.00, ValidationAccuracy = 0.60, TestAccuracy = 0.5500 },
        new() { Fold = 3, TrainLoss = 0.30, TrainAccuracy = 0.95, ValidationLoss = 1.20, ValidationAccuracy = 0.70, TestAccuracy = 0.6125, TestMacroF1 = 0.6042 },
        new() { Fold = 4, TrainLoss = 0.50, TrainAccuracy = 0.85, ValidationLoss = 0.90, ValidationAccuracy = 0.65, TestAccuracy = 0.5750 },
        new() { Fold = 5, TrainLoss = 0.20, TrainAccuracy = 1.00, ValidationLoss = 1.10, ValidationAccuracy = 0.55, TestAccuracy = 0.6000 },
    ];

    private static IReadOnlyList<ResultsRow> SampleRows()
    {
        var hp = new OrderedDictionary<string, object> { ["optimizer"] = "adam", ["learning_rate"] = 0.00123456, ["fc_size"] = 128L };
        var trial = ResultsRow.FromFolds("polished-sweep-2", hp, Folds) with
        {
            RetrainedTestAccuracy = 0.5875,
            RetrainedMacroF1 = 0.57321,
            TrainableParameters = 61234,
            NonTrainableParameters = 128,
        };
        var baseline = new ResultsRow { RunName = "baseline CNN", BestTestAccuracyOptimistic = 0.48 };
        return [baseline, trial];
    }

    [Fact]
    public void A_row_from_folds_averages_train_and_val_and_takes_the_best_test_fold()
    {
        var row = ResultsRow.FromFolds("t", new Dictionary<string, object>(), Folds);

        Assert.Equal(1.05, row.AverageValLoss!.Value, 12);     // (1.0 + 1.2 + 0.9 + 1.1) / 4
        Assert.Equal(0.625, row.AverageValAccuracy!.Value, 12); // (0.60 + 0.70 + 0.65 + 0.55) / 4
        Assert.Equal(0.35, row.AverageTrainLoss!.Value, 12);
        Assert.Equal(0.925, row.AverageTrainAccuracy!.Value, 12);
        Assert.Equal(0.6125, row.BestTestAccuracyOptimistic);  // the max, not the mean
        Assert.Equal(0.6042, row.BestTestMacroF1Optimistic);   // of that same fold model
        Assert.Null(row.RetrainedTestAccuracy);
    }

    [Fact]
    public void A_trial_with_a_diverged_fold_model_has_no_averages_and_says_which_fold_in_both_tables()
    {
        var folds = Folds.Select(f => f.Fold == 3 ? f with { ValidationAccuracy = double.NaN, Diverged = "Training diverged at epoch 2" } : f).ToList();
        var row = ResultsRow.FromFolds("wild-sweep-3", new Dictionary<string, object> { ["learning_rate"] = 1e12 }, folds) with { TrainableParameters = 500 };

        Assert.Equal("fold 3", row.Diverged);
        Assert.Null(row.AverageValAccuracy);
        Assert.Null(row.BestTestAccuracyOptimistic);

        using var folder = new TempFolder();
        ResultsTable.WriteCsv(folder.File("results.csv"), [row]);
        var lines = File.ReadAllLines(folder.File("results.csv")).Select(CsvText.Split).ToList();
        var cells = lines[0].Zip(lines[1]).ToDictionary(p => p.First, p => p.Second);
        Assert.Equal("fold 3", cells["diverged"]);
        Assert.Equal("", cells["avg_val_acc_pct"]);
        Assert.Equal("500", cells["trainable_params"]);
        var markdownRow = ResultsTable.ToMarkdown([row]).Split('\n')[2];
        Assert.Contains("| diverged (fold 3) |", markdownRow);
        Assert.Equal(ResultsTable.ToMarkdown([row]).Split('\n')[0].Count(c => c == '|'), markdownRow.Count(c => c == '|'));
    }

    [Fact]
    public void Csv_has_hyperparameter_columns_and_rounded_percentages_that_parse_back()
    {
        using var folder = new TempFolder();
        string path = folder.File("results.csv");
        ResultsTable.WriteCsv(path, SampleRows());

        var lines = File.ReadAllLines(path).Select(CsvText.Split).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Equal(
            ["run", "hyperparameters", "hp_optimizer", "hp_learning_rate", "hp_fc_size", "avg_val_loss", "avg_val_acc_pct",
             "avg_train_loss", "avg_train_acc_pct", "best_test_acc_pct_optimistic", "best_test_macro_f1_pct_optimistic",
             "retrained_test_acc_pct", "retrained_macro_f1_pct",
             "trainable_params", "non_trainable_params", "diverged"],
            lines[0]);
        var header = lines[0];
        var baseline = header.Zip(lines[1]).ToDictionary(p => p.First, p => p.Second);
        var trial = header.Zip(lines[2]).ToDictionary(p => p.First, p => p.Second);

        Assert.Equal("baseline CNN", baseline["run"]);
        Assert.Equal("48.0", baseline["best_test_acc_pct_optimistic"]);
        Assert.Equal("", baseline["avg_val_acc_pct"]);
        Assert.Equal("", baseline["hp_optimizer"]);

        // The compact string contains commas, so it must come back whole through the quoting.
        Assert.Equal("optimizer=adam, learning_rate=0.001235, fc_size=128", trial["hyperparameters"]);
        Assert.Equal("0.00123456", trial["hp_learning_rate"]);
        Assert.Equal("1.0500", trial["avg_val_loss"]);
        Assert.Equal("62.5", trial["avg_val_acc_pct"]);
        Assert.Equal("61.3", trial["best_test_acc_pct_optimistic"]); // 61.25 rounds half away from zero
        Assert.Equal("58.8", trial["retrained_test_acc_pct"]);
        Assert.Equal("60.4", trial["best_test_macro_f1_pct_optimistic"]);
        Assert.Equal("57.3", trial["retrained_macro_f1_pct"]);
        Assert.Equal("61234", trial["trainable_params"]);
        Assert.Equal("128", trial["non_trainable_params"]);
        Assert.Single(Directory.GetFiles(folder.Path)); // no temp file left behind
    }

    [Fact]
    public void Markdown_is_a_well_formed_table_with_an_optimistic_test_column()
    {
        using var folder = new TempFolder();
        string path = folder.File("results.md");
        ResultsTable.WriteMarkdown(path, SampleRows());

        string[] lines = File.ReadAllLines(path);
        Assert.Equal(4, lines.Length); // header, alignment, two rows
        Assert.All(lines, line => Assert.Matches(@"^\| .* \|$", line));
        int columns = lines[0].Split(" | ").Length;
        Assert.Equal(12, columns);
        Assert.All(lines, line => Assert.Equal(columns, line.Split(" | ").Length));
        Assert.Matches(@"^\| :--- \| :--- \| ---: \|", lines[1]);
        Assert.Contains("Best test acc (optimistic", lines[0]);
        Assert.StartsWith("| baseline CNN | – | – | – | – | – | 48.0% | – | – |", lines[2]);
        Assert.Equal(
            "| polished-sweep-2 | optimizer=adam, learning_rate=0.001235, fc_size=128 | 1.0500 | 62.5% | 0.3500 | 92.5% | 61.3% | 60.4% | 58.8% | 57.3% | 61234 | 128 |",
            lines[3]);
    }

    [Fact]
    public void Pipes_in_cells_are_escaped_so_the_table_keeps_its_columns()
    {
        var row = new ResultsRow { RunName = "a|b" };
        string line = ResultsTable.ToMarkdown([row]).Split('\n')[2];
        Assert.StartsWith(@"| a\|b |", line);
    }

    [Theory]
    [InlineData("plain", new[] { "plain" })]
    [InlineData("a,\"b,c\",\"say \"\"hi\"\"\",", new[] { "a", "b,c", "say \"hi\"", "" })]
    public void Csv_fields_split_back_to_what_was_joined(string line, string[] fields)
    {
        Assert.Equal(fields, CsvText.Split(line));
        Assert.Equal(line, CsvText.Join(fields));
    }
}
