using System.Globalization;
using System.Text;
using EdgeSound.Shared.Smoothing;

namespace EdgeSound.Edge.Sinks;

/// <summary>
/// Detections on a text console. On a terminal, a live line is rewritten in place after every hop
/// (stream time, level meter, top labels) and each detection leaves a persistent line above it.
/// Redirected to a file or pipe, only the detection lines are written, with no escape codes, so the
/// output is a clean log: <c>2026-11-24T09:14:48.123Z dog 0.93 12.50-13.50 s -23.4 dBFS</c>.
/// </summary>
public sealed class ConsoleSink : IDetectionSink
{
    // Carriage return to the line start, then "erase to end of line" (ANSI EL), so a shorter live
    // line leaves no tail of the previous one.
    private const string ReturnAndClear = "\r\u001b[K";

    private readonly TextWriter _output;
    private readonly bool _isTerminal;
    private readonly ConsoleSinkSettings _settings;
    // Reused for every line so a hop allocates nothing; TextWriter.Write(StringBuilder) copies chunks.
    private readonly StringBuilder _line = new(160);
    private readonly Lock _gate = new();
    private bool _liveLineShown;

    /// <param name="output">Where to write (Console.Out in the app, a StringWriter in tests).</param>
    /// <param name="isTerminal">
    /// True when <paramref name="output"/> is an interactive terminal (the app passes
    /// <c>!Console.IsOutputRedirected</c>): enables the live line and escape codes.
    /// </param>
    /// <param name="settings">Meter and label display; defaults when null.</param>
    public ConsoleSink(TextWriter output, bool isTerminal, ConsoleSinkSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(output);
        _settings = settings ?? new ConsoleSinkSettings();
        _settings.Validate();
        _output = output;
        _isTerminal = isTerminal;
    }

    /// <summary>A console sink on the process's standard output, live only when it is a terminal.</summary>
    public static ConsoleSink ForStandardOutput(ConsoleSinkSettings? settings = null) =>
        new(Console.Out, !Console.IsOutputRedirected, settings);

    /// <inheritdoc />
    public void OnDetection(Detection detection)
    {
        ArgumentNullException.ThrowIfNull(detection);
        lock (_gate)
        {
            _line.Clear();
            // On a terminal the detection replaces the live line; the next hop redraws that below it.
            if (_isTerminal && _liveLineShown) _line.Append(ReturnAndClear);
            AppendDetection(_line, detection);
            _line.Append('\n');
            _output.Write(_line);
            _output.Flush();
            _liveLineShown = false;
        }
    }

    /// <inheritdoc />
    public void OnStatus(LiveStatus status)
    {
        ArgumentNullException.ThrowIfNull(status);
        if (!_isTerminal) return;
        lock (_gate)
        {
            _line.Clear();
            _line.Append(ReturnAndClear);
            AppendLive(_line, status);
            _output.Write(_line);
            _output.Flush();
            _liveLineShown = true;
        }
    }

    /// <summary>The persistent (and redirected) line for one detection, without a line end.</summary>
    public static string FormatDetection(Detection detection)
    {
        var line = new StringBuilder(96);
        AppendDetection(line, detection);
        return line.ToString();
    }

    private static void AppendDetection(StringBuilder line, Detection detection)
    {
        var invariant = CultureInfo.InvariantCulture;
        line.Append(invariant, $"{detection.Time.UtcDateTime:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {detection.Label} {detection.Confidence:0.00} ");
        line.Append(invariant, $"{detection.StartSeconds:0.00}-{detection.EndSeconds:0.00} s ");
        AppendLevel(line, detection.LevelDbfs);
    }

    // Per hop, so numbers go through TryFormat into a stack buffer: interpolation would box them
    // in not-yet-optimised generic code, allocating on every hop until the JIT catches up.
    private void AppendLive(StringBuilder line, LiveStatus status)
    {
        AppendNumber(line, status.StreamSeconds, "F1", width: 8);
        line.Append(" s [");
        int filled = MeterCells(status.LevelDbfs);
        line.Append('#', filled).Append('.', _settings.MeterWidth - filled).Append("] ");
        AppendLevel(line, status.LevelDbfs);
        int shown = Math.Min(_settings.TopLabels, status.Top.Count);
        for (int i = 0; i < shown; i++)
        {
            line.Append("  ").Append(status.Top[i].Label).Append(' ');
            AppendNumber(line, status.Top[i].Score, "F2");
        }
        if (status.DroppedSamples > 0)
        {
            line.Append("  dropped ");
            AppendNumber(line, status.DroppedSamples, "F0");
            line.Append(" samples");
        }
    }

    private static void AppendLevel(StringBuilder line, double levelDbfs)
    {
        // Digital silence is -infinity dBFS; say so rather than print "-∞".
        if (!double.IsFinite(levelDbfs))
        {
            line.Append("silence");
            return;
        }
        AppendNumber(line, levelDbfs, "F1");
        line.Append(" dBFS");
    }

    private static void AppendNumber(StringBuilder line, double value, ReadOnlySpan<char> format, int width = 0)
    {
        Span<char> digits = stackalloc char[32];
        value.TryFormat(digits, out int length, format, CultureInfo.InvariantCulture);
        if (width > length) line.Append(' ', width - length);
        line.Append(digits[..length]);
    }

    private int MeterCells(double levelDbfs)
    {
        if (!double.IsFinite(levelDbfs)) return levelDbfs > 0 ? _settings.MeterWidth : 0;
        double fraction = Math.Clamp(1 - levelDbfs / _settings.MeterFloorDbfs, 0, 1);
        return (int)Math.Round(fraction * _settings.MeterWidth);
    }

    /// <summary>Ends an open live line so the shell prompt starts on a fresh line.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (!_liveLineShown) return;
            _output.Write('\n');
            _output.Flush();
            _liveLineShown = false;
        }
    }
}
