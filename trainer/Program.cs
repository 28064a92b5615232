using EdgeSound.Trainer.Startup;

NativeMemoryTuning.Apply();
Console.WriteLine("edgesound-trainer: commands arrive with the study issue.");
