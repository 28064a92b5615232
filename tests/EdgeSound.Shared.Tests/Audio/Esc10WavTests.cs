using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Tests.Support;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Shared.Tests.Audio;

/// <summary>The reader against the real ESC-10 clips (ESC-50 layout), found through <see cref="Esc10Data"/>.</summary>
public sealed class Esc10WavTests(ITestOutputHelper output)
{
    [SkippableFact]
    public void Every_clip_listed_in_the_metadata_reads_as_5_seconds_of_44_1_kHz_mono()
    {
        string root = Esc10Data.RootOrSkip();
        var fileNames = ListedFileNames(Path.Combine(root, "meta", "esc50.csv"));
        var problems = new List<string>();

        foreach (string fileName in fileNames)
        {
            string path = Path.Combine(root, "audio", fileName);
            var info = WavReader.ReadInfo(path);
            var clip = WavReader.Read(path);

            if (info.Channels != 1) problems.Add($"{fileName}: {info.Channels} channels");
            if (clip.SampleRate != 44100) problems.Add($"{fileName}: {clip.SampleRate} Hz");
            if (clip.Samples.Length != 220500 || clip.DurationSeconds != 5.0) problems.Add($"{fileName}: {clip.Samples.Length} samples, {clip.DurationSeconds} s");
            if (clip.Samples.Any(s => !float.IsFinite(s) || s < -1f || s > 1f)) problems.Add($"{fileName}: a sample outside [-1, 1]");
        }

        output.WriteLine($"{fileNames.Count} clips read from {root}");
        Assert.NotEmpty(fileNames);
        Assert.Empty(problems);
    }

    /// <summary>The <c>filename</c> column of <c>esc50.csv</c>, found by its header so column order does not matter.</summary>
    private static List<string> ListedFileNames(string csvPath)
    {
        var lines = File.ReadAllLines(csvPath);
        int column = Array.IndexOf(lines[0].Split(','), "filename");
        Assert.True(column >= 0, $"{csvPath}: line 1: expected a 'filename' column in the header '{lines[0]}'");
        return lines.Skip(1).Where(line => line.Length > 0).Select(line => line.Split(',')[column]).ToList();
    }
}
