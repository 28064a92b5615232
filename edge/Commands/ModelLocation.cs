using System.CommandLine;

namespace EdgeSound.Edge.Commands;

/// <summary>
/// Which model a command uses: <c>--model</c> when given, else the shipped <c>models/esc10.onnx</c>
/// beside the app (it is copied into every build and publish), else under the working folder.
/// </summary>
public static class ModelLocation
{
    /// <summary>The shipped default model, relative to the app or the working folder.</summary>
    public const string DefaultRelativePath = "models/esc10.onnx";

    /// <summary>The <c>--model</c> option shared by the commands that load a model.</summary>
    public static Option<string?> CreateOption() => new("--model")
    {
        Description = $"An EdgeSound ONNX model (float or int8); default: {DefaultRelativePath} beside the app.",
    };

    /// <summary>The full path of the model to load.</summary>
    /// <exception cref="FileNotFoundException">The given model, or no default model, exists.</exception>
    public static string Resolve(string? given)
    {
        if (given is not null)
        {
            var full = Path.GetFullPath(given);
            return File.Exists(full) ? full : throw new FileNotFoundException($"{full}: no such model file.", full);
        }
        string[] candidates =
        [
            Path.Combine(AppContext.BaseDirectory, DefaultRelativePath),
            Path.GetFullPath(DefaultRelativePath),
        ];
        foreach (var candidate in candidates)
            if (File.Exists(candidate)) return candidate;
        throw new FileNotFoundException(
            $"No --model given and no default model at {string.Join(" or ", candidates)}. Pass --model M.onnx " +
            "(models come from 'edgesound-trainer export' and 'quantize'; see models/MODEL_CARD.md).");
    }
}
