using System.Globalization;

namespace EdgeSound.Shared.Data;

/// <summary>The <c>--folds</c> option's text: comma-separated fold numbers such as <c>2,3,4,5</c>.</summary>
public static class FoldList
{
    /// <summary>The folds in the order given (whether they exist is the dataset's to say).</summary>
    /// <exception cref="ArgumentException">Empty, or a part is not a whole number.</exception>
    public static int[] Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var folds = new List<int>();
        foreach (var part in text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            folds.Add(int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out int fold)
                ? fold
                : throw new ArgumentException($"--folds '{text}': '{part}' is not a fold number (give e.g. 1 or 2,3,4,5)."));
        return folds.Count > 0 ? [.. folds] : throw new ArgumentException("--folds: give at least one fold.");
    }
}
