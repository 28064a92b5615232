using System.CommandLine;
using EdgeSound.Edge.Commands;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Models;

var root = new RootCommand("EdgeSound on the device: environmental sound classification (ONNX Runtime).")
{
    FeaturesCommand.Create(),
    DevicesCommand.Create(),
    InfoCommand.Create(),
    ClassifyCommand.Create(),
    ListenCommand.Create(),
    BenchCommand.Create(),
};
try
{
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is WavFormatException or InvalidDataException or FileNotFoundException or ArgumentException or ModelMetadataException)
{
    // A user's bad input: one line naming the file and the problem, no stack trace.
    Console.Error.WriteLine($"error: {e.Message}");
    return 2;
}
