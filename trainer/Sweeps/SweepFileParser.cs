using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace EdgeSound.Trainer.Sweeps;

/// <summary>
/// Reads a W&amp;B sweep file (<c>method</c>, <c>metric</c>, <c>parameters</c>) into a <see cref="SweepDefinition"/>.
/// Only random search is supported: the study's protocol is random search, and a grid over
/// continuous ranges is not defined. Every error names the file, line, column and parameter.
/// </summary>
public static class SweepFileParser
{
    private static readonly string[] IgnoredTopLevelKeys = ["name", "program", "description", "project", "entity", "command"];
    private static readonly string[] Distributions = ["constant", "categorical", "uniform", "int_uniform", "log_uniform_values", "q_uniform"];

    /// <summary>Parses the sweep file at <paramref name="path"/>.</summary>
    /// <exception cref="SweepFileException">The file is not a valid sweep; the message says where and why.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static SweepDefinition ParseFile(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader, path);
    }

    /// <summary>Parses sweep YAML from <paramref name="reader"/>; <paramref name="sourcePath"/> is used in messages.</summary>
    public static SweepDefinition Parse(TextReader reader, string sourcePath)
    {
        string text = reader.ReadToEnd();
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException e)
        {
            throw new SweepFileException(sourcePath, At(e.Start), null, $"not valid YAML: {e.Message}", e);
        }
        catch (InvalidOperationException e)
        {
            // YamlDotNet's scanner throws this, without a position, when the text ends inside a flow collection.
            int lastLine = text.TrimEnd().Split('\n').Length;
            throw new SweepFileException(sourcePath, new SourceLocation(lastLine, 1), null,
                "not valid YAML: the file ends inside an unclosed '{', '[' or quote", e);
        }

        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new SweepFileException(sourcePath, new SourceLocation(1, 1), null,
                "expected exactly one YAML document whose top level is a mapping with 'method', 'metric' and 'parameters'");
        }

        return new Reader(sourcePath).ReadSweep(root);
    }

    private static SourceLocation At(Mark mark) => new(mark.Line, mark.Column);

    /// <summary>Carries the file path so every helper can throw a located error.</summary>
    private sealed class Reader(string path)
    {
        public SweepDefinition ReadSweep(YamlMappingNode root)
        {
            string? name = null, method = null;
            SweepMetric? metric = null;
            List<SweepParameter>? parameters = null;

            foreach (var (keyNode, valueNode) in root.Children)
            {
                string key = KeyText(keyNode, null);
                switch (key)
                {
                    case "method":
                        method = Scalar(valueNode, null, "method").Value;
                        if (method != "random")
                        {
                            throw Error(valueNode, null,
                                $"method '{method}' is not supported; use 'method: random' (the study is a random search; grid and bayes are not implemented)");
                        }
                        break;
                    case "metric":
                        metric = ReadMetric(valueNode);
                        break;
                    case "parameters":
                        parameters = ReadParameters(valueNode);
                        break;
                    case "name":
                        name = Scalar(valueNode, null, "name").Value;
                        break;
                    default:
                        if (!IgnoredTopLevelKeys.Contains(key))
                        {
                            throw Error(keyNode, null,
                                $"unknown top-level key '{key}'; expected method, metric, parameters (and optionally {string.Join(", ", IgnoredTopLevelKeys)})");
                        }
                        break;
                }
            }

            if (method is null) throw Error(root, null, "missing 'method: random'");
            if (metric is null) throw Error(root, null, "missing 'metric' (e.g. metric: {name: val_acc, goal: maximize})");
            if (parameters is null || parameters.Count == 0) throw Error(root, null, "missing or empty 'parameters'");
            return new SweepDefinition(path, name, method, metric, parameters);
        }

        private SweepMetric ReadMetric(YamlNode node)
        {
            var map = Mapping(node, null, "metric");
            string? name = null;
            MetricGoal goal = MetricGoal.Maximize;
            foreach (var (keyNode, valueNode) in map.Children)
            {
                switch (KeyText(keyNode, null))
                {
                    case "name":
                        name = Scalar(valueNode, null, "metric name").Value;
                        break;
                    case "goal":
                        goal = Scalar(valueNode, null, "metric goal").Value switch
                        {
                            "maximize" => MetricGoal.Maximize,
                            "minimize" => MetricGoal.Minimize,
                            var other => throw Error(valueNode, null, $"metric goal '{other}' is not 'maximize' or 'minimize'"),
                        };
                        break;
                    case "target":
                        break; // W&B early-stop target: not used by random search here.
                    case var other:
                        throw Error(keyNode, null, $"unknown key '{other}' in 'metric'; expected name and goal");
                }
            }
            if (string.IsNullOrWhiteSpace(name)) throw Error(map, null, "metric needs a 'name' (e.g. val_acc)");
            return new SweepMetric(name, goal);
        }

        private List<SweepParameter> ReadParameters(YamlNode node)
        {
            var map = Mapping(node, null, "parameters");
            var result = new List<SweepParameter>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (keyNode, valueNode) in map.Children)
            {
                string name = KeyText(keyNode, null);
                if (!seen.Add(name)) throw Error(keyNode, name, "defined twice");
                result.Add(ReadParameter(name, valueNode));
            }
            return result;
        }

        private SweepParameter ReadParameter(string name, YamlNode node)
        {
            var map = Mapping(node, name, "a parameter (with 'value', 'values' or 'distribution' + 'min'/'max')");
            var fields = new Dictionary<string, YamlNode>(StringComparer.Ordinal);
            foreach (var (keyNode, valueNode) in map.Children)
            {
                string key = KeyText(keyNode, name);
                if (key is not ("value" or "values" or "distribution" or "min" or "max" or "q"))
                {
                    throw Error(keyNode, name, $"unknown key '{key}'; expected value, values, or distribution with min, max (and q)");
                }
                fields[key] = valueNode;
            }

            var location = At(map.Start);
            string distribution = fields.TryGetValue("distribution", out var distNode)
                ? Scalar(distNode, name, "distribution").Value!
                : InferDistribution(name, map, fields);

            RejectKeysForeignTo(distribution, name, fields);
            return distribution switch
            {
                "constant" => new ConstantParameter(name, location, ScalarValue(Require(fields, "value", map, name), name)),
                "categorical" => new CategoricalParameter(name, location, ReadValues(Require(fields, "values", map, name), name)),
                "uniform" => ReadRange(name, fields, map, (lo, hi) => new UniformParameter(name, location, lo, hi)),
                "log_uniform_values" => ReadRange(name, fields, map, (lo, hi) => lo > 0
                    ? new LogUniformValuesParameter(name, location, lo, hi)
                    : throw Error(fields["min"], name, $"log_uniform_values needs min > 0 (got {Format(lo)})")),
                "int_uniform" => ReadIntRange(name, fields, map, location),
                "q_uniform" => ReadQUniform(name, fields, map, location),
                _ => throw Error(distNode!, name, $"distribution '{distribution}' is not supported; expected one of {string.Join(", ", Distributions)}"),
            };
        }

        /// <summary>A key that the distribution does not use is a mistake (e.g. 'values' next to 'uniform'), not something to ignore.</summary>
        private void RejectKeysForeignTo(string distribution, string name, Dictionary<string, YamlNode> fields)
        {
            string[] allowed = distribution switch
            {
                "constant" => ["distribution", "value"],
                "categorical" => ["distribution", "values"],
                "q_uniform" => ["distribution", "min", "max", "q"],
                _ => ["distribution", "min", "max"],
            };
            foreach (var (key, node) in fields)
            {
                if (!allowed.Contains(key) && Distributions.Contains(distribution))
                {
                    throw Error(node, name, $"'{key}' does not belong with distribution '{distribution}' (it takes {string.Join(", ", allowed.Skip(1))})");
                }
            }
        }

        /// <summary>W&amp;B's rules when 'distribution' is omitted: value → constant, values → categorical, min/max → (int_)uniform.</summary>
        private string InferDistribution(string name, YamlMappingNode map, Dictionary<string, YamlNode> fields)
        {
            int given = (fields.ContainsKey("value") ? 1 : 0) + (fields.ContainsKey("values") ? 1 : 0) + (fields.ContainsKey("min") ? 1 : 0);
            if (given != 1)
            {
                throw Error(map, name, "give exactly one of 'value', 'values', or 'min'/'max' (with an optional 'distribution')");
            }
            if (fields.ContainsKey("value")) return "constant";
            if (fields.ContainsKey("values")) return "categorical";
            bool integers = ScalarValue(fields["min"], name) is long && ScalarValue(Require(fields, "max", map, name), name) is long;
            return integers ? "int_uniform" : "uniform";
        }

        private SweepParameter ReadRange(string name, Dictionary<string, YamlNode> fields, YamlMappingNode map, Func<double, double, SweepParameter> make)
        {
            double lo = Number(Require(fields, "min", map, name), name, "min");
            double hi = Number(Require(fields, "max", map, name), name, "max");
            if (!(lo < hi)) throw Error(fields["min"], name, $"'min' must be less than 'max' (got min {Format(lo)}, max {Format(hi)})");
            return make(lo, hi);
        }

        private SweepParameter ReadIntRange(string name, Dictionary<string, YamlNode> fields, YamlMappingNode map, SourceLocation location)
        {
            long lo = Integer(Require(fields, "min", map, name), name, "min");
            long hi = Integer(Require(fields, "max", map, name), name, "max");
            if (lo > hi) throw Error(fields["min"], name, $"'min' must not exceed 'max' (got min {lo}, max {hi})");
            return new IntUniformParameter(name, location, lo, hi);
        }

        private SweepParameter ReadQUniform(string name, Dictionary<string, YamlNode> fields, YamlMappingNode map, SourceLocation location)
        {
            var minNode = Require(fields, "min", map, name);
            var maxNode = Require(fields, "max", map, name);
            double lo = Number(minNode, name, "min"), hi = Number(maxNode, name, "max");
            if (!(lo < hi)) throw Error(minNode, name, $"'min' must be less than 'max' (got min {Format(lo)}, max {Format(hi)})");
            object qValue = fields.TryGetValue("q", out var qNode) ? ScalarValue(qNode, name) : 1L;
            double q = qValue switch
            {
                long l => l,
                double d => d,
                _ => throw Error(qNode!, name, "'q' must be a number"),
            };
            if (!(q > 0)) throw Error(qNode!, name, $"'q' must be positive (got {Format(q)})");
            bool integer = qValue is long && ScalarValue(minNode, name) is long && ScalarValue(maxNode, name) is long;
            return new QUniformParameter(name, location, lo, hi, q, integer);
        }

        private List<object> ReadValues(YamlNode node, string name)
        {
            if (node is not YamlSequenceNode sequence || sequence.Children.Count == 0)
            {
                throw Error(node, name, "'values' must be a non-empty list, e.g. values: [sgd, adam]");
            }
            return sequence.Children.Select(child => ScalarValue(child, name)).ToList();
        }

        /// <summary>
        /// Plain scalars that read as integers become long, as decimals become double; quoted scalars and
        /// everything else stay strings (so "32" in quotes is the string "32", as in YAML).
        /// </summary>
        private object ScalarValue(YamlNode node, string name)
        {
            var scalar = Scalar(node, name, "a number or a string");
            string text = scalar.Value ?? "";
            if (scalar.Style is ScalarStyle.SingleQuoted or ScalarStyle.DoubleQuoted) return text;
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long l)) return l;
            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d)) return d;
            return text;
        }

        private double Number(YamlNode node, string name, string what) => ScalarValue(node, name) switch
        {
            long l => l,
            double d => d,
            var other => throw Error(node, name, $"'{what}' must be a number (got '{other}')"),
        };

        private long Integer(YamlNode node, string name, string what) => ScalarValue(node, name) switch
        {
            long l => l,
            var other => throw Error(node, name, $"'{what}' must be an integer for int_uniform (got '{other}')"),
        };

        private YamlNode Require(Dictionary<string, YamlNode> fields, string key, YamlNode parent, string name) =>
            fields.TryGetValue(key, out var node) ? node : throw Error(parent, name, $"missing '{key}'");

        private YamlScalarNode Scalar(YamlNode node, string? name, string expected) =>
            node as YamlScalarNode ?? throw Error(node, name, $"expected {expected} here, found a {Describe(node)}");

        private YamlMappingNode Mapping(YamlNode node, string? name, string expected) =>
            node as YamlMappingNode ?? throw Error(node, name, $"expected {expected} as a mapping, found a {Describe(node)}");

        private string KeyText(YamlNode node, string? name) => Scalar(node, name, "a key").Value ?? "";

        private SweepFileException Error(YamlNode node, string? name, string problem) =>
            new(path, At(node.Start), name, problem);

        private static string Describe(YamlNode node) => node switch
        {
            YamlMappingNode => "mapping",
            YamlSequenceNode => "list",
            YamlScalarNode s => $"scalar '{s.Value}'",
            _ => node.NodeType.ToString(),
        };

        private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
    }
}
