using EdgeSound.Shared.Randomness;
namespace EdgeSound.Shared.Data;

/// <summary>
/// Assigns folds to files that do not name their own: stratified (every fold gets floor or ceil of
/// n/foldCount of each class), shuffled (so a fold is not "the alphabetically first files", which are
/// often one recording session), and deterministic across machines and runs (the shuffle is keyed on a
/// stable hash of class and file name, never on a time seed or <see cref="string.GetHashCode()"/>).
/// Folds are dealt round the hash order, so adding or removing a file can move many others: a
/// folder's folds hold for one set of files.
/// </summary>
internal static class StratifiedFoldAssigner
{
    /// <summary>Fixed seed of the shuffle; changing it reshuffles every folder dataset, so it never changes.</summary>
    public const ulong Seed = 0x45_64_67_65_53_6F_75_6EUL; // "EdgeSoun"

    /// <summary>
    /// Returns, for each class (in the order given), the fold (1-based) of each of its files (in the
    /// order given).
    /// </summary>
    /// <param name="labels">Class names, used in the shuffle key so classes shuffle independently.</param>
    /// <param name="fileNamesPerClass">The file names of each class.</param>
    /// <param name="foldCount">Number of folds.</param>
    public static int[][] Assign(IReadOnlyList<string> labels, IReadOnlyList<IReadOnlyList<string>> fileNamesPerClass, int foldCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(foldCount, 1);
        if (labels.Count != fileNamesPerClass.Count)
            throw new ArgumentException("One label per class is needed.", nameof(labels));

        var folds = new int[labels.Count][];
        // Each class continues the round-robin where the previous one stopped, so the fold totals are
        // balanced too (otherwise fold 1 would get the extra file of every class).
        var next = 0;
        for (var c = 0; c < labels.Count; c++)
        {
            var names = fileNamesPerClass[c];
            var order = Enumerable.Range(0, names.Count)
                .OrderBy(i => StableHash.Of($"{labels[c]}/{names[i]}", Seed))
                .ThenBy(i => names[i], StringComparer.Ordinal)
                .ToArray();
            folds[c] = new int[names.Count];
            foreach (var i in order)
            {
                folds[c][i] = next + 1;
                next = (next + 1) % foldCount;
            }
        }
        return folds;
    }
}
