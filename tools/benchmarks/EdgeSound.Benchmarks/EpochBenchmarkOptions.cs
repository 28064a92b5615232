namespace EdgeSound.Benchmarks;

/// <summary>Command line of the <c>epoch</c> mode: <c>epoch [--threads N] [--epochs N] [--model NAME]...</c>.</summary>
/// <param name="Threads">Intra-op threads for libtorch (torch.set_num_threads).</param>
/// <param name="Epochs">Timed epochs after the warm-up epoch.</param>
/// <param name="Models">Models to time, in order (names of <see cref="EpochBenchmark.ModelNames"/>).</param>
public sealed record EpochBenchmarkOptions(int Threads, int Epochs, IReadOnlyList<string> Models)
{
    /// <summary>The mode's first argument.</summary>
    public const string Mode = "epoch";

    /// <summary>Usage line shown with every argument error.</summary>
    public const string Usage = "usage: EdgeSound.Benchmarks epoch [--threads N (default 2)] [--epochs N (default 3)] [--model arch1-logmel|arch2-logmel]...";

    /// <summary>Parses the arguments after <see cref="Mode"/>; throws <see cref="ArgumentException"/> naming the bad argument.</summary>
    public static EpochBenchmarkOptions Parse(IReadOnlyList<string> args)
    {
        int threads = 2, epochs = 3;
        var models = new List<string>();
        for (int i = 0; i < args.Count; i++)
        {
            string name = args[i];
            if (i + 1 >= args.Count)
                throw new ArgumentException($"argument {i + 1} '{name}': expected a value after it. {Usage}");
            string value = args[++i];
            switch (name)
            {
                case "--threads": threads = PositiveInt(name, value); break;
                case "--epochs": epochs = PositiveInt(name, value); break;
                case "--model":
                    if (!EpochBenchmark.ModelNames.Contains(value))
                        throw new ArgumentException($"--model '{value}': expected one of {string.Join(", ", EpochBenchmark.ModelNames)}.");
                    models.Add(value);
                    break;
                default:
                    throw new ArgumentException($"argument {i} '{name}': expected --threads, --epochs or --model. {Usage}");
            }
        }
        return new EpochBenchmarkOptions(threads, epochs, models.Count > 0 ? models : EpochBenchmark.ModelNames.ToArray());
    }

    private static int PositiveInt(string name, string value) =>
        int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int n) && n >= 1
            ? n
            : throw new ArgumentException($"{name} '{value}': expected a whole number of at least 1.");
}
