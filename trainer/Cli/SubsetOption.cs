using System.CommandLine;
using EdgeSound.Shared.Data;

namespace EdgeSound.Trainer.Cli;

/// <summary>The <c>--subset</c> option that every command reading an ESC-50 layout shares.</summary>
public static class SubsetOption
{
    /// <summary>A fresh <c>--subset</c> option (esc10 by default).</summary>
    public static Option<string> Create() =>
        new("--subset") { Description = "esc10 or esc50 (for an ESC-50 layout).", DefaultValueFactory = _ => Name(EscSubset.Esc10) };

    /// <summary>The subset a <c>--subset</c> value names.</summary>
    /// <exception cref="ArgumentException">Neither esc10 nor esc50.</exception>
    public static EscSubset Parse(string text) => text switch
    {
        "esc10" => EscSubset.Esc10,
        "esc50" => EscSubset.Esc50,
        _ => throw new ArgumentException($"--subset {text}: use esc10 or esc50."),
    };

    /// <summary>The <c>--subset</c> value for a subset.</summary>
    public static string Name(EscSubset subset) => subset == EscSubset.Esc50 ? "esc50" : "esc10";
}
