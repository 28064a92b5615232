namespace EdgeSound.Edge.Audio;

/// <summary>What an opened capture device agreed to deliver.</summary>
/// <param name="SampleRate">Frames per second.</param>
/// <param name="Channels">Interleaved channels per frame.</param>
/// <param name="Format">Sample encoding.</param>
/// <param name="PeriodFrames">Frames per period.</param>
/// <param name="BufferFrames">Frames in the ring buffer; also the most one read may ask for.</param>
internal sealed record CaptureFormat(int SampleRate, int Channels, PcmSampleFormat Format, int PeriodFrames, int BufferFrames)
{
    public int FrameBytes => Channels * Format.BytesPerSample();
}

/// <summary>
/// One opened capture PCM, as thin as ALSA itself: the seam that lets the recovery logic of
/// <see cref="AlsaCaptureSource"/> be tested with scripted errors no real device produces on demand.
/// </summary>
internal interface ICaptureDevice : IDisposable
{
    CaptureFormat Format { get; }

    /// <summary>snd_pcm_wait: 1 when data is ready, 0 on timeout, a negative errno on trouble.</summary>
    int WaitForData(int timeoutMilliseconds);

    /// <summary>snd_pcm_readi of up to <paramref name="frames"/> frames: frames read or a negative errno (-EAGAIN: none yet).</summary>
    long ReadFrames(Span<byte> interleaved, int frames);

    /// <summary>snd_pcm_recover then restart: 0 when capture runs again, else a negative errno.</summary>
    int Recover(int error);
}

/// <summary>Opens capture devices; throws <see cref="AudioDeviceException"/> when it cannot.</summary>
internal interface ICaptureDeviceOpener
{
    ICaptureDevice Open(AlsaCaptureSettings settings);
}
