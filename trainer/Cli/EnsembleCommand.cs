using System.CommandLine;
using System.Globalization;
using EdgeSound.Trainer.Study;
using EdgeSound.Trainer.Training;

namespace EdgeSound.Trainer.Cli;

/// <summary>
/// <c>edgesound-trainer ensemble SWEEP...</c>: what averaging several finished sweeps' models (an
/// ensemble, e.g. one sweep run with three seeds) would score, from the predictions their studies
/// saved; nothing is trained or run. Each sweep's member is the trial it chose (named by its final
/// model's card). Judged by validation as the study judges a trial: per cross-validation fold, the
/// members' fold-k models averaged on fold k; the finals on the test fold follow, to report only.
/// </summary>
public static class EnsembleCommand
{
    public static Command Create()
    {
        var sweeps = new Argument<string[]>("sweeps") { Description = "Two or more sweep folders (RUN/SWEEP) of finished studies." };
        var command = new Command("ensemble", "Score averaging the chosen models of several finished sweeps, from their saved predictions.") { sweeps };
        command.SetAction(parse => Run(parse.GetValue(sweeps)!, Console.Out));
        return command;
    }

    /// <summary>Prints the members' and the ensemble's accuracies; returns the exit code.</summary>
    /// <exception cref="ArgumentException">Fewer than two sweeps.</exception>
    /// <exception cref="FileNotFoundException">A sweep is not finished (no final model card or predictions).</exception>
    /// <exception cref="InvalidDataException">The members were scored on other clips or classes.</exception>
    public static int Run(IReadOnlyList<string> sweeps, TextWriter output)
    {
        if (sweeps.Count < 2) throw new ArgumentException("ensemble: give two or more sweep folders (RUN/SWEEP).");
        // A sweep folder sits in its run folder, whose layout names the trial, fold and final folders.
        var members = sweeps.Select(s => Path.GetFullPath(s).TrimEnd(Path.DirectorySeparatorChar))
            .Select(s => (Layout: new StudyLayout(Path.GetDirectoryName(s)!), Sweep: Path.GetFileName(s))).ToArray();
        var cards = members.Select(m => LoadFinalCard(m.Layout, m.Sweep)).ToArray();
        var folds = ReadFolds(members[0].Layout);
        var trials = members.Select((m, i) => m.Layout.TrialFolder(m.Sweep, cards[i].Trial)).ToArray();

        output.WriteLine($"accuracy (%), one column per member ({string.Join(", ", trials)}), then the ensemble");
        var means = new double[sweeps.Count];
        double ensembleMean = 0;
        foreach (int fold in folds)
        {
            var paths = members.Select((m, i) => Path.Combine(m.Layout.FoldFolder(m.Sweep, cards[i].Trial, fold), ModelRun.ValidationPredictionsFile)).ToArray();
            var (accuracies, ensemble) = Score(paths, cards[0].Classes);
            for (int m = 0; m < means.Length; m++) means[m] += accuracies[m] / folds.Length;
            ensembleMean += ensemble / folds.Length;
            output.WriteLine($"fold-{fold} validation: {Percentages(accuracies)} | ensemble {Percent(ensemble),5}");
        }
        output.WriteLine($"mean validation:   {Percentages(means)} | their mean {Percent(means.Average())} | ensemble {Percent(ensembleMean)}");
        var (finals, finalEnsemble) = Score(members.Select(m => Path.Combine(m.Layout.FinalFolder(m.Sweep), ModelRun.TestPredictionsFile)).ToArray(), cards[0].Classes);
        output.WriteLine($"test fold, finals (report only): {Percentages(finals)} | ensemble {Percent(finalEnsemble),5}");
        return 0;
    }

    private static FinalModelCard LoadFinalCard(StudyLayout layout, string sweep)
    {
        var path = Path.Combine(layout.FinalFolder(sweep), FinalModelCard.FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: not found (expected RUN/SWEEP of a finished study).", path);
        var card = FinalModelCard.Load(path);
        if (string.IsNullOrEmpty(card.Trial) || !Directory.Exists(layout.TrialFolder(sweep, card.Trial)))
            throw new InvalidDataException($"{path}: names no trial folder of {Path.Combine(layout.Root, sweep)} (Trial: '{card.Trial}').");
        return card;
    }

    /// <summary>The cross-validation folds the first member's study recorded in its study.json.</summary>
    private static int[] ReadFolds(StudyLayout layout) => File.Exists(layout.SettingsFile)
        ? StudySettingsFile.ReadProtocol(layout.SettingsFile).CrossValidationFolds
        : throw new FileNotFoundException($"{layout.SettingsFile}: not found (expected RUN/SWEEP of a finished study).", layout.SettingsFile);

    /// <summary>Each member's accuracy and that of the mean of their probabilities, on the clips all the files hold.</summary>
    private static (double[] Members, double Ensemble) Score(string[] paths, IReadOnlyList<string> classes)
    {
        var predictions = paths.Select(p => File.Exists(p)
            ? PredictionsFile.Read(p, classes)
            : throw new FileNotFoundException($"{p}: not found (is the sweep finished?)", p)).ToArray();
        var first = predictions[0];
        for (int m = 1; m < predictions.Length; m++)
            if (!predictions[m].ClipNames.SequenceEqual(first.ClipNames) || !predictions[m].Truth.SequenceEqual(first.Truth))
                throw new InvalidDataException($"{paths[m]} scores other clips than {paths[0]}.");
        var mean = new float[first.Probabilities.Length];
        foreach (var p in predictions)
            for (int i = 0; i < mean.Length; i++) mean[i] += p.Probabilities[i] / predictions.Length;
        return (predictions.Select(p => p.Accuracy()).ToArray(), (first with { Probabilities = mean }).Accuracy());
    }

    private static string Percent(double fraction) => (100 * fraction).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Percentages(IEnumerable<double> fractions) => string.Join(" ", fractions.Select(f => $"{Percent(f),5}"));
}
