using System.CommandLine;
using EdgeSound.Edge.Audio;
using EdgeSound.Edge.Commands;
using EdgeSound.Edge.Sinks;
using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Data;
using EdgeSound.Shared.Models;

var root = new RootCommand("EdgeSound on the device: environmental sound classification (ONNX Runtime).")
{
    FeaturesCommand.Create(),
    DevicesCommand.Create(),
    InfoCommand.Create(),
    ClassifyCommand.Create(),
    ListenCommand.Create(),
    BenchCommand.Create(),
    EvaluateCommand.Create(),
};
try
{
    return root.Parse(args).Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
}
catch (Exception e) when (e is WavFormatException or InvalidDataException or DatasetFormatException or FileNotFoundException or DirectoryNotFoundException
                              or UnauthorizedAccessException or ArgumentException or ModelMetadataException or FormatException)
{
    // A user's bad input (model, WAV, settings, option, a path that cannot be written): one line naming the file and the problem, no stack trace.
    Console.Error.WriteLine($"error: {Describe(e)}");
    return ExitCodes.BadInput;
}
catch (Exception e) when (e is AudioDeviceException or GpioUnavailableException)
{
    // The hardware is not there or not usable: the message says which device and what to do.
    Console.Error.WriteLine($"error: {Describe(e)}");
    return ExitCodes.DeviceUnavailable;
}

// A settings file that does not parse reports the parser's line and position in the inner exception.
static string Describe(Exception e) =>
    e.InnerException is { } inner && !e.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{e.Message} {inner.Message}" : e.Message;
