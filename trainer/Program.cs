using System.CommandLine;
using EdgeSound.Trainer.Cli;
using EdgeSound.Trainer.Startup;

// Before the first tensor: glibc malloc tuning that makes libtorch fast and steady on Linux.
NativeMemoryTuning.Apply();

var root = new RootCommand("EdgeSound trainer: ESC study, sweeps, reports, ONNX export and evaluation (TorchSharp).")
{
    StudyCommand.Create(),
    ExportCommand.Create(),
    EvaluateCommand.Create(),
    QuantizeCommand.Create(),
    EnsembleCommand.Create(),
};
return CommandLineErrors.Run(root, args);
