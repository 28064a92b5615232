namespace EdgeSound.Shared.Data;

/// <summary>Which part of an ESC-50-layout dataset to read.</summary>
public enum EscSubset
{
    /// <summary>The 10 classes whose rows have <c>esc10</c> = True (400 clips in a full download).</summary>
    Esc10,

    /// <summary>All 50 classes (2000 clips in a full download).</summary>
    Esc50,
}
