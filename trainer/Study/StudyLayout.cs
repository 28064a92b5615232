namespace EdgeSound.Trainer.Study;

/// <summary>Where everything of a study run lives, so the runner, the report and the tests agree.</summary>
public sealed record StudyLayout(string Root)
{
    public string SettingsFile => Path.Combine(Root, "study.json");
    public string ResultsCsv => Path.Combine(Root, "results.csv");
    public string ResultsMarkdown => Path.Combine(Root, "results.md");
    public string Report => Path.Combine(Root, "report.md");
    public string Figures => Path.Combine(Root, "figures");
    public string Winner => Path.Combine(Root, "winner");
    public string Log => Path.Combine(Root, "study.log");

    public string TrialFolder(string sweep, string trial) => Path.Combine(Root, sweep, trial);
    public string FoldFolder(string sweep, string trial, int fold) => Path.Combine(TrialFolder(sweep, trial), $"fold-{fold}");
    public string FinalFolder(string sweep) => Path.Combine(Root, sweep, "final");
}
