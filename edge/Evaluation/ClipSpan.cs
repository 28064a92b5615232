namespace EdgeSound.Edge.Evaluation;

/// <summary>Where a labelled clip lies in a stream: its file name, its label, and its span in stream seconds.</summary>
public sealed record ClipSpan(string Name, string Label, double StartSeconds, double EndSeconds);
