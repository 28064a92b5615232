using EdgeSound.Shared.Data;
using EdgeSound.Shared.Tests.Support;
using Xunit;

namespace EdgeSound.Shared.Tests.Data;

/// <summary>Checks against the real ESC-10 (EDGESOUND_DATA); skipped when it is not there.</summary>
public sealed class Esc10RealDataTests
{
    [SkippableFact]
    public void Real_esc10_has_400_clips_in_10_classes_in_target_order()
    {
        var index = Esc50DatasetReader.Read(Esc10Data.RootOrSkip(), EscSubset.Esc10);

        Assert.Equal(400, index.Clips.Count);
        Assert.Equal(
            ["dog", "rooster", "rain", "sea_waves", "crackling_fire", "crying_baby", "sneezing", "clock_tick", "helicopter", "chainsaw"],
            index.Classes);
    }

    [SkippableFact]
    public void Real_esc10_has_80_clips_per_fold_and_40_per_class()
    {
        var index = Esc50DatasetReader.Read(Esc10Data.RootOrSkip(), EscSubset.Esc10);

        Assert.Equal(5, index.FoldCount);
        for (var fold = 1; fold <= 5; fold++)
        {
            Assert.Equal(80, index.ClipsInFolds(fold).Count);
            Assert.Equal(320, index.ClipsNotInFold(fold).Count);
        }
        for (var c = 0; c < index.Classes.Count; c++)
            Assert.Equal(40, index.Clips.Count(clip => clip.ClassIndex == c));
    }

    [SkippableFact]
    public void Real_esc10_lists_only_existing_wav_files_with_sources()
    {
        var index = Esc50DatasetReader.Read(Esc10Data.RootOrSkip(), EscSubset.Esc10);

        Assert.All(index.Clips, clip =>
        {
            Assert.True(File.Exists(clip.AudioPath), clip.AudioPath);
            Assert.EndsWith(".wav", clip.FileName);
            Assert.False(string.IsNullOrEmpty(clip.SourceId));
        });
        // ESC-50 file names carry their fold: "<fold>-<source>-<take>-<target>.wav".
        Assert.All(index.Clips, clip => Assert.StartsWith($"{clip.Fold}-{clip.SourceId}-", clip.FileName));
    }

    [SkippableFact]
    public void Real_esc10_read_as_class_folders_would_keep_the_csv_folds()
    {
        // The folder reader's prefix rule must agree with the csv on real ESC names.
        var index = Esc50DatasetReader.Read(Esc10Data.RootOrSkip(), EscSubset.Esc10);

        Assert.All(index.Clips, clip =>
        {
            Assert.True(FoldPrefix.TryParse(clip.FileName, 5, out var fold));
            Assert.Equal(clip.Fold, fold);
        });
    }
}
