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
    private const string FoldPrefix = "fold-", FinalFolder = "final";

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
        var cards = sweeps.Select(LoadFinalCard).ToArray();
        var trials = sweeps.Select((s, i) => Path.Combine(s, cards[i].Trial)).ToArray();
        var folds = Directory.EnumerateDirectories(trials[0], FoldPrefix + "*").Select(Path.GetFileName).Order(StringComparer.Ordinal).ToArray();
        if (folds.Length == 0) throw new FileNotFoundException($"{trials[0]}: no {FoldPrefix}N folders.");

        output.WriteLine($"accuracy (%), one column per member ({string.Join(", ", trials)}), then the ensemble");
        var means = new double[sweeps.Count];
        double ensembleMean = 0;
        foreach (var fold in folds)
        {
            var (members, ensemble) = Score(trials.Select(t => Path.Combine(t, fold!, "val_predictions.csv")).ToArray(), cards[0].Classes);
            for (int m = 0; m < means.Length; m++) means[m] += members[m] / folds.Length;
            ensembleMean += ensemble / folds.Length;
            output.WriteLine($"{fold} validation: {Percentages(members)} | ensemble {Percent(ensemble),5}");
        }
        output.WriteLine($"mean validation:   {Percentages(means)} | their mean {Percent(means.Average())} | ensemble {Percent(ensembleMean)}");
        var (finals, finalEnsemble) = Score(sweeps.Select(s => Path.Combine(s, FinalFolder, "test_predictions.csv")).ToArray(), cards[0].Classes);
        output.WriteLine($"test fold, finals (report only): {Percentages(finals)} | ensemble {Percent(finalEnsemble),5}");
        return 0;
    }

    private static FinalModelCard LoadFinalCard(string sweep)
    {
        var path = Path.Combine(sweep, FinalFolder, FinalModelCard.FileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: not found (expected RUN/SWEEP of a finished study).", path);
        var card = FinalModelCard.Load(path);
        if (string.IsNullOrEmpty(card.Trial) || !Directory.Exists(Path.Combine(sweep, card.Trial)))
            throw new InvalidDataException($"{path}: names no trial folder of {sweep} (Trial: '{card.Trial}').");
        return card;
    }

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
