namespace EdgeSound.Shared.Tests.Data;

/// <summary>
/// A small, valid ESC-50-layout dataset in a temp folder: two clips of every ESC-10 class plus a few
/// non-ESC-10 rows (cow, target 3) whose audio is absent. Tests edit <see cref="Lines"/> to break it.
/// </summary>
internal sealed class Esc50Fixture : IDisposable
{
    public const string Header = "filename,fold,target,category,esc10,src_file,take";

    /// <summary>ESC-10 classes as (target, category), in ascending target order.</summary>
    public static readonly (int Target, string Category)[] Esc10Classes =
    [
        (0, "dog"), (1, "rooster"), (10, "rain"), (11, "sea_waves"), (12, "crackling_fire"),
        (20, "crying_baby"), (21, "sneezing"), (38, "clock_tick"), (40, "helicopter"), (41, "chainsaw"),
    ];

    private readonly TempFolder _folder = new();

    public Esc50Fixture()
    {
        Lines.Add(Header);
        var k = 0;
        // Listed in descending target order so class ids cannot come from row order by accident.
        foreach (var (target, category) in Esc10Classes.Reverse())
            for (var take = 0; take < 2; take++, k++)
            {
                var fold = k % 5 + 1;
                var source = 1000 + target;
                Lines.Add($"{fold}-{source}-{(char)('A' + take)}-{target}.wav,{fold},{target},{category},True,{source},{(char)('A' + take)}");
            }
        Lines.Add("2-5003-A-3.wav,2,3,cow,False,5003,A");
        Lines.Add("4-5004-A-3.wav,4,3,cow,False,5004,A");
    }

    /// <summary>The csv lines, header first; line i of the file is Lines[i - 1].</summary>
    public List<string> Lines { get; } = [];

    public string Root => _folder.Root;

    public string CsvPath => _folder.PathOf(Path.Combine("meta", "esc50.csv"));

    /// <summary>Writes the csv and an empty .wav for every esc10=True row (or every row).</summary>
    public Esc50Fixture Write(bool audioForAllRows = false, params string[] withoutAudio)
    {
        _folder.WriteText(Path.Combine("meta", "esc50.csv"), string.Join("\n", Lines) + "\n");
        _folder.MakeFolder("audio");
        foreach (var line in Lines.Skip(1))
        {
            var fields = line.Split(',');
            var isEsc10 = fields.Length > 4 && fields[4].Equals("true", StringComparison.OrdinalIgnoreCase);
            if ((isEsc10 || audioForAllRows) && !withoutAudio.Contains(fields[0]))
                _folder.Touch(Path.Combine("audio", fields[0]));
        }
        return this;
    }

    /// <summary>Adds empty audio files by name (for csv layouts <see cref="Write"/> cannot read).</summary>
    public void AddAudio(IEnumerable<string> fileNames)
    {
        foreach (var name in fileNames) _folder.Touch(Path.Combine("audio", name));
    }

    public void DeleteAudioFolder() => Directory.Delete(_folder.PathOf("audio"), recursive: true);

    public void Dispose() => _folder.Dispose();
}
