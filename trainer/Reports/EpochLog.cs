using System.Globalization;
using System.Text;

namespace EdgeSound.Trainer.Reports;

/// <summary>
/// The per-epoch CSV of one run (<c>epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds</c>). Rows are
/// appended and flushed as each epoch ends, so a killed run's log shows how far it got; this is the one
/// artefact that is appended rather than written via temp-and-rename. A fold that was interrupted is
/// trained again from its first epoch, so its log starts over (<see cref="Create"/>).
/// </summary>
public sealed class EpochLog : IDisposable
{
    /// <summary>The header line, fixed so plots and resume can rely on the column order.</summary>
    public const string Header = "epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds";

    private readonly StreamWriter _writer;

    private EpochLog(string path, StreamWriter writer)
    {
        Path = path;
        _writer = writer;
    }

    /// <summary>The log file.</summary>
    public string Path { get; }

    /// <summary>Starts the log at <paramref name="path"/> afresh (its folder is created; an old log is replaced) with its header.</summary>
    public static EpochLog Create(string path)
    {
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read);
        var writer = new StreamWriter(stream, new UTF8Encoding(false)) { NewLine = "\n" };
        writer.WriteLine(Header);
        writer.Flush();
        return new EpochLog(path, writer);
    }

    /// <summary>Appends one epoch and flushes it to the OS, so it survives the process being killed.</summary>
    public void Append(EpochRow row)
    {
        _writer.WriteLine(string.Join(",",
            row.Epoch.ToString(CultureInfo.InvariantCulture),
            Number(row.TrainLoss), Number(row.TrainAccuracy),
            Number(row.ValLoss), Number(row.ValAccuracy),
            Number(row.LearningRate), Number(row.Seconds)));
        _writer.Flush();
    }

    /// <inheritdoc />
    public void Dispose() => _writer.Dispose();

    /// <summary>Reads every row of the log at <paramref name="path"/>.</summary>
    /// <exception cref="FormatException">Wrong header or a malformed row; the message names the file, line and field.</exception>
    public static IReadOnlyList<EpochRow> Read(string path)
    {
        var rows = new List<EpochRow>();
        int lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (lineNumber == 1)
            {
                if (line.TrimEnd('\r') != Header)
                {
                    throw new FormatException($"{path}:1: expected the epoch-log header '{Header}', found '{line}'");
                }
                continue;
            }
            if (line.Length == 0) continue;
            rows.Add(ParseRow(path, lineNumber, line.TrimEnd('\r')));
        }
        if (lineNumber == 0) throw new FormatException($"{path}:1: empty file; expected the header '{Header}'");
        return rows;
    }

    private static EpochRow ParseRow(string path, int lineNumber, string line)
    {
        string[] fields = line.Split(',');
        if (fields.Length != 7)
        {
            throw new FormatException($"{path}:{lineNumber}: expected 7 comma-separated fields ({Header}), found {fields.Length}");
        }
        if (!int.TryParse(fields[0], NumberStyles.Integer, CultureInfo.InvariantCulture, out int epoch))
        {
            throw new FormatException($"{path}:{lineNumber}: field 'epoch' is '{fields[0]}', expected an integer");
        }
        string[] names = Header.Split(',');
        var values = new double[6];
        for (int i = 1; i < 7; i++)
        {
            if (!double.TryParse(fields[i], NumberStyles.Float, CultureInfo.InvariantCulture, out values[i - 1]))
            {
                throw new FormatException($"{path}:{lineNumber}: field '{names[i]}' is '{fields[i]}', expected a number");
            }
        }
        return new EpochRow(epoch, values[0], values[1], values[2], values[3], values[4], values[5]);
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
