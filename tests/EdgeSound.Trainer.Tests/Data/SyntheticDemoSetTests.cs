using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Data;
using EdgeSound.Trainer.Data;
using Xunit;

namespace EdgeSound.Trainer.Tests.Data;

public sealed class SyntheticDemoSetTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-demo-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void The_demo_set_is_ten_labelled_classes_in_five_folds_read_like_a_users_own_recordings()
    {
        SyntheticDemoSet.Generate(_folder.FullName, clipsPerClassPerFold: 1);

        var index = FolderDatasetReader.Read(_folder.FullName);

        Assert.Equal(SyntheticDemoSet.Classes.Order(StringComparer.Ordinal), index.Classes);
        Assert.Equal(50, index.Clips.Count);
        for (int fold = 1; fold <= 5; fold++) Assert.Equal(10, index.ClipsInFolds(fold).Count);
        Assert.Contains("Not real recordings", File.ReadAllText(Path.Combine(_folder.FullName, "SYNTHETIC-DEMO-DATA.txt")));
        foreach (var clip in index.Clips)
        {
            var audio = WavReader.Read(clip.AudioPath);
            Assert.Equal(SyntheticDemoSet.SampleRate, audio.SampleRate);
            Assert.Equal(5.0, audio.DurationSeconds);
            Assert.True(audio.Samples.Max(MathF.Abs) > 0.05f, $"{clip.FileName} holds no event");
        }
    }

    [Fact]
    public void Generating_twice_keeps_the_files_and_another_seed_gives_other_sounds()
    {
        SyntheticDemoSet.Generate(_folder.FullName, clipsPerClassPerFold: 1, seed: 5);
        var file = Directory.GetFiles(_folder.FullName, "*.wav", SearchOption.AllDirectories).Order().First();
        var first = File.ReadAllBytes(file);
        var written = File.GetLastWriteTimeUtc(file);

        SyntheticDemoSet.Generate(_folder.FullName, clipsPerClassPerFold: 1, seed: 5);
        Assert.Equal(written, File.GetLastWriteTimeUtc(file));

        SyntheticDemoSet.Generate(_folder.FullName, clipsPerClassPerFold: 1, seed: 6);
        Assert.NotEqual(first, File.ReadAllBytes(file));
    }
}
