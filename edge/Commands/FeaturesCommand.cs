using System.CommandLine;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Features;
using EdgeSound.Shared.IO;

namespace EdgeSound.Edge.Commands;

/// <summary>
/// <c>edgesound features FILE --out X.npy [--config C.json]</c>: the log-mel the device computes for a
/// WAV, as float32 [n_mels, n_frames], so anyone can compare device and training features.
/// </summary>
public static class FeaturesCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "A WAV file (any PCM/float format, rate and channel count)." };
        var output = new Option<FileInfo>("--out") { Description = "Where to write the .npy (float32, shape [n_mels, n_frames]).", Required = true };
        var config = new Option<FileInfo?>("--config") { Description = "A FeatureConfig JSON file; default: the built-in default configuration." };
        var command = new Command("features", "Write the log-mel features of a WAV file as .npy.") { file, output, config };
        command.SetAction(parse => Run(parse.GetValue(file)!, parse.GetValue(output)!, parse.GetValue(config), Console.Out));
        return command;
    }

    public static int Run(FileInfo file, FileInfo output, FileInfo? configFile, TextWriter console)
    {
        var config = LoadConfig(configFile);
        var audio = AudioFileLoader.Load(file.FullName, config.SampleRate);
        var features = new LogMelExtractor(config).Extract(audio);
        if (features.FrameCount == 0)
            throw new InvalidDataException($"{file.FullName}: {audio.Length} samples at {config.SampleRate} Hz is shorter than one analysis window ({config.WindowLength} samples): no frames.");
        NpyFile.Write(output.FullName, features.ToMelMajor(), features.MelCount, features.FrameCount);
        console.WriteLine($"{output.FullName}: [{features.MelCount}, {features.FrameCount}] float32 log-mel (config hash {config.Hash})");
        return 0;
    }

    private static FeatureConfig LoadConfig(FileInfo? configFile)
    {
        if (configFile is null) return FeatureConfig.Default;
        if (!configFile.Exists) throw new FileNotFoundException($"{configFile.FullName}: feature config file not found.");
        try
        {
            return FeatureConfig.FromJson(File.ReadAllText(configFile.FullName));
        }
        catch (FormatException e)
        {
            throw new InvalidDataException($"{configFile.FullName}: {e.Message}", e);
        }
    }
}
