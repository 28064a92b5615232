using EdgeSound.Shared.Data;
using EdgeSound.Shared.Tests.Support;
using EdgeSound.Trainer.Cli;
using EdgeSound.Trainer.Data;
using EdgeSound.Trainer.Reports;
using EdgeSound.Trainer.Study;
using EdgeSound.Trainer.Training;
using Xunit;

namespace EdgeSound.Trainer.Tests.Study;

/// <summary>
/// The study end to end on a small subset of the real ESC-10 (2 clips per class per fold, 2 trials,
/// 4 folds, 2 epochs): every artefact exists, the table's accuracies are the ones the saved
/// predictions give, and a resumed run reproduces an uninterrupted one.
/// </summary>
[Collection(TorchCollection.Name)]
public sealed class StudyEndToEndTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-study-");
    private static readonly string SweepFolder = Path.Combine(AppContext.BaseDirectory, "sweeps");
    private static readonly StudySettings Settings = StudySettings.Preset("ci");

    public void Dispose() => _folder.Delete(recursive: true);

    private string Run(string name, bool resume = false, string? from = null)
    {
        var folder = from ?? Path.Combine(_folder.FullName, name);
        var data = DatasetLocator.Locate(Esc10Data.RootOrSkip(), EscSubset.Esc10, syntheticFolder: "unused");
        int code = StudyCommand.Run(Settings, data, SweepFolder, folder, resume, "cpu", threads: 1, CancellationToken.None);
        Assert.Equal(0, code);
        return folder;
    }

    [SkippableFact]
    public void A_small_real_study_writes_every_artefact_and_its_table_matches_its_predictions()
    {
        var layout = new StudyLayout(Run("study"));
        var classes = Esc50DatasetReader.Read(Esc10Data.RootOrSkip(), EscSubset.Esc10).Classes;

        foreach (var file in new[] { layout.SettingsFile, layout.ResultsCsv, layout.ResultsMarkdown, layout.Report, layout.Log,
                     Path.Combine(layout.Figures, "arch1-curves.png"), Path.Combine(layout.Figures, "arch1-confusion.png"),
                     Path.Combine(layout.Figures, "arch1-roc.png"), Path.Combine(layout.Winner, "model.pt"), Path.Combine(layout.Winner, "model.json") })
            Assert.True(File.Exists(file) && new FileInfo(file).Length > 0, $"missing or empty: {file}");

        var rows = File.ReadAllLines(layout.ResultsCsv).Select(CsvText.Split).ToList();
        var header = rows[0];
        Assert.Equal(3, rows.Count); // header + 2 trials
        foreach (var row in rows.Skip(1))
        {
            var trial = row[header.IndexOf("run")].Split('/')[1];
            var valAccuracies = new List<double>();
            var testAccuracies = new List<double>();
            foreach (int fold in Settings.CrossValidationFolds)
            {
                var folder = layout.FoldFolder("arch1", trial, fold);
                Assert.Equal(Settings.Epochs, EpochLog.Read(Path.Combine(folder, "epochs.csv")).Count);
                Assert.NotEmpty(Directory.GetFiles(Path.Combine(folder, "tensorboard"), "events.out.tfevents.*"));
                var validation = PredictionsFile.Read(Path.Combine(folder, "val_predictions.csv"), classes);
                Assert.Equal(20, validation.Count); // 2 clips x 10 classes of the validation fold only
                valAccuracies.Add(validation.Accuracy());
                testAccuracies.Add(PredictionsFile.Read(Path.Combine(folder, "test_predictions.csv"), classes).Accuracy());
            }
            Assert.Equal(Percent(valAccuracies.Average()), row[header.IndexOf("avg_val_acc_pct")]);
            Assert.Equal(Percent(testAccuracies.Max()), row[header.IndexOf("best_test_acc_pct_optimistic")]);

            var retrained = row[header.IndexOf("retrained_test_acc_pct")];
            if (retrained != "")
            {
                var final = PredictionsFile.Read(Path.Combine(layout.FinalFolder("arch1"), "test_predictions.csv"), classes);
                Assert.Equal(Percent(final.Accuracy()), retrained);
                Assert.All(final.ClipNames, name => Assert.StartsWith("1-", name)); // the test fold, and only it
            }
        }
        Assert.Single(rows.Skip(1), r => r[header.IndexOf("retrained_test_acc_pct")] != "");
        Assert.Contains("Headline", File.ReadAllText(layout.Report));
    }

    [SkippableFact]
    public void A_resumed_study_keeps_finished_models_and_ends_with_the_numbers_of_an_uninterrupted_run()
    {
        var complete = new StudyLayout(Run("complete"));

        // An interrupted copy: one fold model and the final model never finished, no report yet.
        var interrupted = new StudyLayout(Path.Combine(_folder.FullName, "interrupted"));
        CopyFolder(complete.Root, interrupted.Root);
        var trial = Directory.GetDirectories(Path.Combine(interrupted.Root, "arch1")).Select(Path.GetFileName).First(n => n != "final")!;
        var unfinished = interrupted.FoldFolder("arch1", trial, 3);
        File.Delete(Path.Combine(unfinished, ModelRun.ResultFile));
        File.WriteAllText(Path.Combine(unfinished, "epochs.csv"), "epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds\n1,9,0,9,0,0.1,1\n");
        Directory.Delete(interrupted.FinalFolder("arch1"), recursive: true);
        foreach (var file in new[] { interrupted.ResultsCsv, interrupted.ResultsMarkdown, interrupted.Report }) File.Delete(file);
        var untouched = Path.Combine(interrupted.FoldFolder("arch1", trial, 2), ModelRun.ResultFile);
        var untouchedTime = File.GetLastWriteTimeUtc(untouched);

        var error = Assert.Throws<InvalidOperationException>(() => Run("again", from: interrupted.Root));
        Assert.Contains("--resume", error.Message);
        Run("resumed", resume: true, from: interrupted.Root);

        Assert.Equal(untouchedTime, File.GetLastWriteTimeUtc(untouched));
        Assert.Equal(File.ReadAllText(complete.ResultsCsv), File.ReadAllText(interrupted.ResultsCsv));
        Assert.Equal(File.ReadAllText(Path.Combine(complete.FinalFolder("arch1"), "test_predictions.csv")),
                     File.ReadAllText(Path.Combine(interrupted.FinalFolder("arch1"), "test_predictions.csv")));
        Assert.Equal(Settings.Epochs, EpochLog.Read(Path.Combine(unfinished, "epochs.csv")).Count);
    }

    private static string Percent(double accuracy) => ResultsTable.FormatPercent(accuracy);

    private static void CopyFolder(string from, string to)
    {
        foreach (var dir in Directory.GetDirectories(from, "*", SearchOption.AllDirectories)) Directory.CreateDirectory(dir.Replace(from, to));
        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from, "*", SearchOption.AllDirectories)) File.Copy(file, file.Replace(from, to));
    }
}
