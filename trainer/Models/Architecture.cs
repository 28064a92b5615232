using System.Text.Json.Serialization;

namespace EdgeSound.Trainer.Models;

/// <summary>The two model families the study compares.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<Architecture>))]
public enum Architecture
{
    /// <summary>Arch1: conv stack, global average pooling, two fully connected layers.</summary>
    Cnn,

    /// <summary>Arch2: conv stack as tokeniser, CLS token, Transformer encoder blocks.</summary>
    CnnTransformer,
}
