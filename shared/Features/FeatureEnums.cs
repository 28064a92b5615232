namespace EdgeSound.Shared.Features;

/// <summary>Analysis window applied to each frame. Hann and Hamming are periodic (DFT-even), as in librosa and torch.</summary>
public enum WindowType
{
    /// <summary>Periodic Hann: 0.5 - 0.5 cos(2πn/L).</summary>
    Hann,
    /// <summary>Periodic Hamming: 0.54 - 0.46 cos(2πn/L).</summary>
    Hamming,
    /// <summary>All ones.</summary>
    Rectangular,
}

/// <summary>How hertz map to mels.</summary>
public enum MelScale
{
    /// <summary>HTK: mel = 2595 log10(1 + f/700).</summary>
    Htk,
    /// <summary>Slaney (Auditory Toolbox, librosa's default): linear below 1 kHz, logarithmic above.</summary>
    Slaney,
}

/// <summary>How each triangular mel filter is scaled.</summary>
public enum MelNorm
{
    /// <summary>Triangles peak at 1.</summary>
    None,
    /// <summary>Area normalisation as librosa's norm='slaney': each triangle is scaled by 2 / (its width in Hz).</summary>
    Slaney,
}

/// <summary>What fills the padding added at both ends of the signal when <see cref="FeatureConfig.Center"/> is true.</summary>
public enum PadMode
{
    /// <summary>Zeros (librosa's pad_mode='constant'). The only mode the streaming extractor can reproduce without look-back at the end.</summary>
    Zero,
}
