namespace EdgeSound.Shared.Inference;

/// <summary>How a whole clip was classified: the clip score and the windows it was averaged from.</summary>
/// <param name="Labels">Class labels in output order.</param>
/// <param name="Probabilities">The clip score: the mean of the windows' probabilities, one per label.</param>
/// <param name="TopIndex">Index of the most probable label (the lowest index wins ties).</param>
/// <param name="Windows">Every scored window in time order, for a timeline.</param>
public sealed record ClipScore(IReadOnlyList<string> Labels, float[] Probabilities, int TopIndex, IReadOnlyList<WindowScore> Windows)
{
    /// <summary>The most probable label.</summary>
    public string TopLabel => Labels[TopIndex];

    /// <summary>The clip score of <see cref="TopLabel"/>.</summary>
    public float Confidence => Probabilities[TopIndex];
}

/// <summary>One scored window of a clip.</summary>
/// <param name="StartFrame">First log-mel frame of the window.</param>
/// <param name="StartSeconds">Where the window starts in the clip.</param>
/// <param name="EndSeconds">Where the window ends (past the clip's end when the clip was padded to one window).</param>
/// <param name="Probabilities">The model's probabilities for this window, one per label.</param>
public sealed record WindowScore(int StartFrame, double StartSeconds, double EndSeconds, float[] Probabilities);
