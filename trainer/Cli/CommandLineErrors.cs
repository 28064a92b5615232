using System.CommandLine;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Models;
using EdgeSound.Trainer.Sweeps;

namespace EdgeSound.Trainer.Cli;

/// <summary>Runs the command line and turns a user's mistake into one clear line and exit code 2, never a stack trace.</summary>
public static class CommandLineErrors
{
    public static int Run(RootCommand root, string[] args)
    {
        try
        {
            return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (e is DatasetFormatException or WavFormatException or SweepFileException or ArgumentException or FileNotFoundException
                                      or DirectoryNotFoundException or UnauthorizedAccessException or InvalidDataException or InvalidOperationException or ModelMetadataException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
        catch (OperationCanceledException)
        {
            Console.Error.WriteLine("Stopped. Finished models are kept; continue with --resume.");
            return 130;
        }
    }
}
