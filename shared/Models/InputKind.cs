using System.Text.Json.Serialization;

namespace EdgeSound.Shared.Models;

/// <summary>What a model reads: raw 16 kHz samples or a log-mel spectrogram window.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<InputKind>))]
public enum InputKind
{
    /// <summary>Raw samples at 16 kHz, input shape [B, 1, WindowSamples].</summary>
    Waveform,

    /// <summary>Log-mel spectrogram window, input shape [B, 1, MelCount, WindowFrames].</summary>
    LogMel,
}
