namespace EdgeSound.Shared.Data;

/// <summary>
/// A labelled dataset as the trainer sees it: the class names (index = class id), every clip with its
/// class and cross-validation fold, and where it came from. Immutable.
/// </summary>
public sealed class DatasetIndex
{
    private readonly string[] _classes;
    private readonly ClipRecord[] _clips;

    /// <summary>Creates an index and checks that every clip agrees with the class list and fold count.</summary>
    /// <param name="root">Absolute dataset folder.</param>
    /// <param name="description">One line for logs and reports, e.g. "ESC-10 (ESC-50 layout) at /data".</param>
    /// <param name="classes">Class names; the position is the class id.</param>
    /// <param name="clips">The clips.</param>
    /// <param name="foldCount">Number of cross-validation folds; clip folds run 1..foldCount.</param>
    /// <exception cref="ArgumentException">A clip's class id, label or fold does not fit.</exception>
    public DatasetIndex(string root, string description, IEnumerable<string> classes, IEnumerable<ClipRecord> clips, int foldCount)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        ArgumentException.ThrowIfNullOrWhiteSpace(description);
        ArgumentNullException.ThrowIfNull(classes);
        ArgumentNullException.ThrowIfNull(clips);
        ArgumentOutOfRangeException.ThrowIfLessThan(foldCount, 1);

        _classes = classes.ToArray();
        _clips = clips.ToArray();
        if (_classes.Length == 0)
            throw new ArgumentException("A dataset needs at least one class.", nameof(classes));
        if (_classes.Distinct(StringComparer.Ordinal).Count() != _classes.Length)
            throw new ArgumentException("Class names must be unique.", nameof(classes));
        foreach (var clip in _clips)
        {
            if (clip.ClassIndex < 0 || clip.ClassIndex >= _classes.Length || _classes[clip.ClassIndex] != clip.Label)
                throw new ArgumentException($"Clip {clip.FileName} has class {clip.ClassIndex} '{clip.Label}', which is not in the class list.", nameof(clips));
            if (clip.Fold < 1 || clip.Fold > foldCount)
                throw new ArgumentException($"Clip {clip.FileName} has fold {clip.Fold}, outside 1..{foldCount}.", nameof(clips));
        }

        Root = root;
        Description = description;
        FoldCount = foldCount;
    }

    /// <summary>Class names; the index is the class id the model outputs.</summary>
    public IReadOnlyList<string> Classes => _classes;

    /// <summary>Every clip, in the order the source listed them.</summary>
    public IReadOnlyList<ClipRecord> Clips => _clips;

    /// <summary>Absolute dataset folder.</summary>
    public string Root { get; }

    /// <summary>One line for logs and reports, e.g. "ESC-10 (ESC-50 layout) at /data".</summary>
    public string Description { get; }

    /// <summary>Number of cross-validation folds; clip folds run 1..FoldCount.</summary>
    public int FoldCount { get; }

    /// <summary>The clips whose fold is one of <paramref name="folds"/>, in <see cref="Clips"/> order.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A fold is outside 1..FoldCount.</exception>
    public IReadOnlyList<ClipRecord> ClipsInFolds(params int[] folds)
    {
        ArgumentNullException.ThrowIfNull(folds);
        foreach (var fold in folds) CheckFold(fold, nameof(folds));
        return _clips.Where(c => folds.Contains(c.Fold)).ToArray();
    }

    /// <summary>The clips of every fold except <paramref name="fold"/> (the training side of a CV split).</summary>
    /// <exception cref="ArgumentOutOfRangeException">The fold is outside 1..FoldCount.</exception>
    public IReadOnlyList<ClipRecord> ClipsNotInFold(int fold)
    {
        CheckFold(fold, nameof(fold));
        return _clips.Where(c => c.Fold != fold).ToArray();
    }

    /// <inheritdoc />
    /// <summary>
    /// A smaller dataset for quick runs and tests: at most <paramref name="clipsPerClassPerFold"/>
    /// clips of each class in each fold, the first ones in index order (deterministic).
    /// </summary>
    public DatasetIndex Subset(int clipsPerClassPerFold)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(clipsPerClassPerFold, 1);
        var kept = _clips.GroupBy(c => (c.ClassIndex, c.Fold)).SelectMany(g => g.Take(clipsPerClassPerFold));
        var order = new HashSet<ClipRecord>(kept);
        return new DatasetIndex(Root, $"{Description} (subset: {clipsPerClassPerFold} clips per class per fold)",
            _classes, _clips.Where(order.Contains), FoldCount);
    }

    public override string ToString() => $"{Description}: {_clips.Length} clips, {_classes.Length} classes, {FoldCount} folds";

    private void CheckFold(int fold, string parameterName)
    {
        if (fold < 1 || fold > FoldCount)
            throw new ArgumentOutOfRangeException(parameterName, fold, $"Folds run 1..{FoldCount}.");
    }
}
