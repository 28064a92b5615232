namespace EdgeSound.Shared.Audio;

/// <summary>What a WAV header says, after validation against the real length of the file.</summary>
/// <param name="FormatTag">The raw <c>wFormatTag</c> of the fmt chunk: 1 (PCM), 3 (IEEE float) or 0xFFFE (extensible).</param>
/// <param name="Encoding">The sample encoding, with an extensible sub-format resolved.</param>
/// <param name="Channels">Interleaved channels per frame.</param>
/// <param name="SampleRate">Frames per second.</param>
/// <param name="BitsPerSample">Container bits of one sample of one channel.</param>
/// <param name="BlockAlign">Bytes per frame (all channels).</param>
/// <param name="FrameCount">Whole frames in the data chunk.</param>
/// <param name="DataOffset">Offset of the first sample byte from the start of the WAV data.</param>
public sealed record WavInfo(
    ushort FormatTag,
    WavSampleEncoding Encoding,
    int Channels,
    int SampleRate,
    int BitsPerSample,
    int BlockAlign,
    long FrameCount,
    long DataOffset)
{
    /// <summary>Bytes of sample data: <see cref="FrameCount"/> times <see cref="BlockAlign"/>.</summary>
    public long DataLength => FrameCount * BlockAlign;

    /// <summary>Length of the audio in seconds.</summary>
    public double DurationSeconds => (double)FrameCount / SampleRate;
}
