namespace EdgeSound.Shared.Data;

/// <summary>
/// Reads the fold an ESC-style file name carries in front: "3-12345-A-1.wav" is in fold 3.
/// </summary>
internal static class FoldPrefix
{
    /// <summary>
    /// True when <paramref name="fileName"/> starts with digits and a '-' and those digits are a fold
    /// in 1..<paramref name="foldCount"/>.
    /// </summary>
    public static bool TryParse(string fileName, int foldCount, out int fold)
    {
        fold = 0;
        var dash = fileName.IndexOf('-');
        if (dash <= 0 || dash > 9) return false;
        var value = 0;
        for (var i = 0; i < dash; i++)
        {
            var c = fileName[i];
            if (c is < '0' or > '9') return false;
            value = value * 10 + (c - '0');
        }
        if (value < 1 || value > foldCount) return false;
        fold = value;
        return true;
    }
}
