using EdgeSound.Trainer.Reports;
using Xunit;

namespace EdgeSound.Trainer.Tests.Reports;

public class EpochLogTests
{
    private static readonly EpochRow[] Rows =
    [
        new(1, 2.2917, 0.1234, 2.1875, 0.15625, 0.001, 3.25),
        new(2, 1.0 / 3, 2.0 / 3, 0.1 + 0.2, 0.7, 1e-4, 12.5),
    ];

    [Fact]
    public void Rows_written_then_read_back_are_identical()
    {
        using var folder = new TempFolder();
        string path = folder.File("fold2/epochs.csv");
        using (var log = EpochLog.Create(path))
            foreach (var row in Rows) log.Append(row);

        Assert.Equal(Rows, EpochLog.Read(path));
        string[] lines = File.ReadAllLines(path);
        Assert.Equal("epoch,train_loss,train_acc,val_loss,val_acc,lr,seconds", lines[0]);
        Assert.Equal("1,2.2917,0.1234,2.1875,0.15625,0.001,3.25", lines[1]);
    }

    [Fact]
    public void Each_row_is_on_disk_as_soon_as_it_is_appended()
    {
        using var folder = new TempFolder();
        string path = folder.File("epochs.csv");
        using var log = EpochLog.Create(path);

        log.Append(Rows[0]);

        // Read while the writer is still open, as a killed run would leave it.
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite));
        Assert.Equal(2, reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public void A_restarted_run_starts_its_log_over_without_the_interrupted_rows()
    {
        using var folder = new TempFolder();
        string path = folder.File("epochs.csv");
        using (var log = EpochLog.Create(path)) log.Append(Rows[0]);
        File.AppendAllText(path, "2,0.5,0.4"); // killed mid-write

        using (var log = EpochLog.Create(path)) log.Append(Rows[1]);

        Assert.Equal([Rows[1]], EpochLog.Read(path));
    }

    [Fact]
    public void A_malformed_log_is_reported_with_file_line_and_field()
    {
        using var folder = new TempFolder();
        string path = folder.File("epochs.csv");
        File.WriteAllText(path, EpochLog.Header + "\n1,0.5,0.4,0.6,0.3,0.001,2\n2,0.4,abc,0.5,0.4,0.001,2\n");

        var error = Assert.Throws<FormatException>(() => EpochLog.Read(path));
        Assert.Equal($"{path}:3: field 'train_acc' is 'abc', expected a number", error.Message);

        File.WriteAllText(path, "epoch,loss\n");
        Assert.Contains($"{path}:1: expected the epoch-log header", Assert.Throws<FormatException>(() => EpochLog.Read(path)).Message);
    }
}
