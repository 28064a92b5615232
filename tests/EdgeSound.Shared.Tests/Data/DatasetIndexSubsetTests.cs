using EdgeSound.Shared.Data;
using Xunit;

namespace EdgeSound.Shared.Tests.Data;

public class DatasetIndexSubsetTests
{
    [Fact]
    public void Subset_keeps_the_first_clips_of_each_class_in_each_fold_in_order()
    {
        var clips = new List<ClipRecord>();
        for (int fold = 1; fold <= 2; fold++)
        for (int c = 0; c < 2; c++)
        for (int k = 0; k < 3; k++)
            clips.Add(new ClipRecord($"/d/{fold}-{c}-{k}.wav", $"{fold}-{c}-{k}.wav", c, c == 0 ? "a" : "b", fold, null));
        var index = new DatasetIndex("/d", "test", ["a", "b"], clips, foldCount: 2);

        var subset = index.Subset(2);

        Assert.Equal(8, subset.Clips.Count);
        Assert.All(subset.Clips, clip => Assert.DoesNotContain("-2.wav", clip.FileName));
        Assert.Equal(clips.Where(c => !c.FileName.EndsWith("-2.wav")).Select(c => c.FileName), subset.Clips.Select(c => c.FileName));
        Assert.Equal(index.Classes, subset.Classes);
        Assert.Contains("subset", subset.Description);
        Assert.Throws<ArgumentOutOfRangeException>(() => index.Subset(0));
    }
}
