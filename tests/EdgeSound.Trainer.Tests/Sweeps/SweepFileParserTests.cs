using System.Globalization;
using System.Text.Json;
using EdgeSound.Shared.Tests.Support;
using EdgeSound.Trainer.Sweeps;
using Xunit;

namespace EdgeSound.Trainer.Tests.Sweeps;

public class SweepFileParserTests
{
    private static SweepDefinition ParseText(string yaml) => SweepFileParser.Parse(new StringReader(yaml), "test.yaml");

    private static SweepFileException ParseError(string yaml) => Assert.Throws<SweepFileException>(() => ParseText(yaml));

    [Theory]
    [InlineData("arch1.yaml", null)]
    [InlineData("arch2-h1.yaml", 1L)]
    [InlineData("arch2-h2.yaml", 2L)]
    [InlineData("arch2-h4.yaml", 4L)]
    [InlineData("arch2-h1-speed-search.yaml", 1L)]
    public void Parses_the_shipped_sweep_files(string file, long? heads)
    {
        var sweep = SweepFileParser.ParseFile(Path.Combine(AppContext.BaseDirectory, "sweeps", file));

        Assert.Equal("random", sweep.Method);
        Assert.Equal(new SweepMetric("val_acc", MetricGoal.Maximize), sweep.Metric);
        Assert.Equal(Path.GetFileNameWithoutExtension(file), sweep.Name);
        var byName = sweep.Parameters.ToDictionary(p => p.Name);
        Assert.IsType<LogUniformValuesParameter>(byName["learning_rate"]);
        Assert.Equal(["sgd", "adam"], Assert.IsType<CategoricalParameter>(byName["optimizer"]).Values);
        Assert.Equal("logmel", Assert.IsType<ConstantParameter>(byName["input"]).Value);
        if (heads is null)
        {
            Assert.Equal("arch1", Assert.IsType<ConstantParameter>(byName["architecture"]).Value);
            Assert.Contains("fc_size", byName.Keys);
        }
        else
        {
            Assert.Equal(heads, Assert.IsType<ConstantParameter>(byName["n_heads"]).Value);
            Assert.IsType<IntUniformParameter>(byName["num_blocks"]);
            // Every token width must split evenly over the heads.
            Assert.All(Assert.IsType<CategoricalParameter>(byName["features_length"]).Values, v => Assert.Equal(0L, (long)v % heads.Value));
        }
    }

    [Theory]
    [InlineData("arch2-h1-long.yaml", null, null)]
    [InlineData("arch2-h1-filter.yaml", "filter_gain_db", "6")]
    [InlineData("arch2-h1-speed.yaml", "speed_change", "0.15")]
    public void The_follow_up_sweeps_hold_the_shipped_models_configuration(string file, string? augmentation, string? value)
    {
        var sweep = SweepFileParser.ParseFile(Path.Combine(AppContext.BaseDirectory, "sweeps", file));
        var drawn = new SweepSampler(sweep, seed: 1).Sample(1)
            .ToDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture));
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Winner, "model.json")));
        var shipped = card.RootElement.GetProperty("Hyperparameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());

        // The shipped configuration plus at most the one augmentation the sweep measures.
        if (augmentation is not null)
        {
            Assert.Equal(value, drawn[augmentation]);
            drawn.Remove(augmentation);
        }
        Assert.Equal(shipped.OrderBy(p => p.Key), drawn.OrderBy(p => p.Key));
    }

    [Fact]
    public void The_speed_search_is_the_arch2_h1_search_with_speed_perturbation()
    {
        var plain = SweepFileParser.ParseFile(Path.Combine(AppContext.BaseDirectory, "sweeps", "arch2-h1.yaml"));
        var speed = SweepFileParser.ParseFile(Path.Combine(AppContext.BaseDirectory, "sweeps", "arch2-h1-speed-search.yaml"));
        for (int trial = 1; trial <= 4; trial++)
        {
            var fromPlain = new SweepSampler(plain, seed: 5).Sample(trial);
            var fromSpeed = new SweepSampler(speed, seed: 5).Sample(trial).ToDictionary();
            Assert.Equal(0.15, Convert.ToDouble(fromSpeed["speed_change"], CultureInfo.InvariantCulture));
            fromSpeed.Remove("speed_change");
            Assert.Equal(fromPlain.OrderBy(p => p.Key), fromSpeed.OrderBy(p => p.Key));
        }
    }

    [Fact]
    public void The_teacher_sweep_holds_the_full_studys_winning_configuration()
    {
        var sweep = SweepFileParser.ParseFile(Path.Combine(AppContext.BaseDirectory, "sweeps", "teacher-arch2-h2.yaml"));
        var drawn = new SweepSampler(sweep, seed: 1).Sample(1)
            .ToDictionary(p => p.Key, p => Convert.ToString(p.Value, CultureInfo.InvariantCulture));
        using var card = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepositoryFiles.Root, "docs", "results", "esc10-full", "winner", "model.json")));
        var winner = card.RootElement.GetProperty("Hyperparameters").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString());

        Assert.Equal(winner.OrderBy(p => p.Key), drawn.OrderBy(p => p.Key));
    }

    [Fact]
    public void Reads_every_parameter_kind_with_its_bounds_in_file_order()
    {
        var sweep = ParseText("""
            method: random
            program: train.py
            metric: {name: val_loss, goal: minimize}
            parameters:
              arch: {value: arch2}
              opt: {values: [sgd, adam, "32", 64, 0.5]}
              drop: {distribution: uniform, min: 0.1, max: 0.5}
              blocks: {distribution: int_uniform, min: 1, max: 3}
              lr: {distribution: log_uniform_values, min: 1e-4, max: 1e-2}
              fc: {distribution: q_uniform, min: 32, max: 256, q: 32}
              width: {min: 2, max: 8}
              frac: {min: 0, max: 1.5}
            """);

        Assert.Equal(MetricGoal.Minimize, sweep.Metric.Goal);
        Assert.Equal(["arch", "opt", "drop", "blocks", "lr", "fc", "width", "frac"], sweep.Parameters.Select(p => p.Name));
        Assert.Equal("arch2", Assert.IsType<ConstantParameter>(sweep.Parameters[0]).Value);
        // A quoted "32" stays a string; plain 64 and 0.5 become long and double.
        Assert.Equal(new object[] { "sgd", "adam", "32", 64L, 0.5 }, Assert.IsType<CategoricalParameter>(sweep.Parameters[1]).Values);
        var drop = Assert.IsType<UniformParameter>(sweep.Parameters[2]);
        Assert.Equal((0.1, 0.5), (drop.Min, drop.Max));
        var blocks = Assert.IsType<IntUniformParameter>(sweep.Parameters[3]);
        Assert.Equal((1L, 3L), (blocks.Min, blocks.Max));
        var lr = Assert.IsType<LogUniformValuesParameter>(sweep.Parameters[4]);
        Assert.Equal((1e-4, 1e-2), (lr.Min, lr.Max));
        var fc = Assert.IsType<QUniformParameter>(sweep.Parameters[5]);
        Assert.Equal((32.0, 256.0, 32.0, true), (fc.Min, fc.Max, fc.Q, fc.IsInteger));
        // W&B's inference without 'distribution': integer bounds -> int_uniform, otherwise uniform.
        Assert.IsType<IntUniformParameter>(sweep.Parameters[6]);
        Assert.IsType<UniformParameter>(sweep.Parameters[7]);
    }

    [Fact]
    public void Rejects_grid_search_naming_file_and_line()
    {
        var error = ParseError("metric: {name: val_acc, goal: maximize}\nmethod: grid\nparameters:\n  a: {value: 1}\n");

        Assert.Equal(2, error.Location.Line);
        Assert.Null(error.Parameter);
        Assert.StartsWith("test.yaml:2:", error.Message);
        Assert.Contains("method 'grid' is not supported", error.Message);
    }

    [Fact]
    public void Rejects_min_not_below_max_naming_the_parameter_and_its_line()
    {
        var error = ParseError("""
            method: random
            metric: {name: val_acc, goal: maximize}
            parameters:
              dropout:
                distribution: uniform
                min: 0.5
                max: 0.1
            """);

        Assert.Equal("dropout", error.Parameter);
        Assert.Equal(6, error.Location.Line);
        Assert.Contains("parameter 'dropout': 'min' must be less than 'max' (got min 0.5, max 0.1)", error.Message);
    }

    [Theory]
    [InlineData("lr: {distribution: normal, mu: 0, sigma: 1}", "unknown key 'mu'")]
    [InlineData("lr: {distribution: normal, min: 0, max: 1}", "distribution 'normal' is not supported")]
    [InlineData("lr: {distribution: log_uniform_values, min: 0, max: 1}", "needs min > 0")]
    [InlineData("lr: {distribution: int_uniform, min: 0.5, max: 3}", "'min' must be an integer")]
    [InlineData("lr: {distribution: uniform, min: 0}", "missing 'max'")]
    [InlineData("lr: {distribution: uniform, min: low, max: 1}", "'min' must be a number (got 'low')")]
    [InlineData("lr: {values: []}", "non-empty list")]
    [InlineData("lr: {value: 1, values: [1, 2]}", "exactly one of")]
    [InlineData("lr: {distribution: q_uniform, min: 0, max: 1, q: 0}", "'q' must be positive")]
    [InlineData("lr: 0.01", "as a mapping")]
    [InlineData("lr: {distribution: uniform, min: 0, max: 1, values: [1, 2]}", "'values' does not belong with distribution 'uniform' (it takes min, max)")]
    [InlineData("lr: {distribution: uniform, min: 0, max: 1, q: 0.1}", "'q' does not belong with distribution 'uniform'")]
    public void Rejects_malformed_parameters_naming_them(string parameterYaml, string expected)
    {
        var error = ParseError($"method: random\nmetric: {{name: val_acc}}\nparameters:\n  {parameterYaml}\n");

        Assert.Equal("lr", error.Parameter);
        Assert.Equal(4, error.Location.Line);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("method: random\nparameters:\n  a: {value: 1}\n", "missing 'metric'")]
    [InlineData("method: random\nmetric: {name: val_acc, goal: up}\nparameters:\n  a: {value: 1}\n", "goal 'up' is not")]
    [InlineData("method: random\nmetric: {name: val_acc}\nparameters:\n  a: {value: 1}\nearly_terminate: {type: hyperband}\n", "unknown top-level key 'early_terminate'")]
    [InlineData("method: random\nmetric: {name: val_acc}\nparameters: {}\n", "missing or empty 'parameters'")]
    [InlineData("- just\n- a list\n", "top level is a mapping")]
    public void Rejects_malformed_top_level_sections(string yaml, string expected)
    {
        Assert.Contains(expected, ParseError(yaml).Message);
    }

    [Fact]
    public void Reports_broken_yaml_with_its_line()
    {
        var error = ParseError("method: random\nmetric: {name: val_acc\nparameters:\n  a: {value: 1}\n");

        Assert.Contains("not valid YAML", error.Message);
        Assert.InRange(error.Location.Line, 2, 4);
    }

    [Fact]
    public void Errors_in_a_file_start_with_its_path_and_line()
    {
        string path = Path.Combine(Path.GetTempPath(), $"edgesound-bad-sweep-{Guid.NewGuid():N}.yaml");
        File.WriteAllText(path, "method: random\nmetric: {name: val_acc}\nparameters:\n  optimizer:\n    values: sgd\n");
        try
        {
            var error = Assert.Throws<SweepFileException>(() => SweepFileParser.ParseFile(path));
            Assert.Equal($"{path}:5:13: parameter 'optimizer': 'values' must be a non-empty list, e.g. values: [sgd, adam]", error.Message);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void Names_a_missing_file()
    {
        Assert.Throws<FileNotFoundException>(() => SweepFileParser.ParseFile(Path.Combine(Path.GetTempPath(), "no-such-sweep-4711.yaml")));
    }
}
