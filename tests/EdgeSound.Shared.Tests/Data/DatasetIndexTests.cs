using EdgeSound.Shared.Data;
using Xunit;

namespace EdgeSound.Shared.Tests.Data;

public sealed class DatasetIndexTests
{
    private static DatasetIndex ThreeFolds()
    {
        var clips = new[]
        {
            new ClipRecord("/d/a1.wav", "a1.wav", 0, "a", 1, "s1"),
            new ClipRecord("/d/a2.wav", "a2.wav", 0, "a", 2, "s1"),
            new ClipRecord("/d/b1.wav", "b1.wav", 1, "b", 3, null),
            new ClipRecord("/d/b2.wav", "b2.wav", 1, "b", 1, null),
        };
        return new DatasetIndex("/d", "test set at /d", ["a", "b"], clips, 3);
    }

    [Fact]
    public void Selects_the_clips_of_the_given_folds_in_order()
    {
        var index = ThreeFolds();

        Assert.Equal(["a1.wav", "b2.wav"], index.ClipsInFolds(1).Select(c => c.FileName));
        Assert.Equal(["a2.wav", "b1.wav"], index.ClipsInFolds(3, 2).Select(c => c.FileName));
        Assert.Empty(index.ClipsInFolds());
    }

    [Fact]
    public void Selects_every_clip_outside_a_fold()
    {
        var index = ThreeFolds();

        Assert.Equal(["a2.wav", "b1.wav"], index.ClipsNotInFold(1).Select(c => c.FileName));
        Assert.Equal(["a1.wav", "a2.wav", "b2.wav"], index.ClipsNotInFold(3).Select(c => c.FileName));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(4)]
    public void Rejects_folds_outside_the_fold_count(int fold)
    {
        var index = ThreeFolds();

        Assert.Throws<ArgumentOutOfRangeException>(() => index.ClipsInFolds(1, fold));
        Assert.Throws<ArgumentOutOfRangeException>(() => index.ClipsNotInFold(fold));
    }

    [Fact]
    public void Rejects_a_clip_whose_label_does_not_match_its_class_id()
    {
        var clip = new ClipRecord("/d/x.wav", "x.wav", 1, "a", 1, null);

        var error = Assert.Throws<ArgumentException>(() => new DatasetIndex("/d", "d", ["a", "b"], [clip], 5));

        Assert.Contains("x.wav", error.Message);
    }

    [Fact]
    public void Rejects_a_clip_fold_beyond_the_fold_count()
    {
        var clip = new ClipRecord("/d/x.wav", "x.wav", 0, "a", 6, null);

        Assert.Throws<ArgumentException>(() => new DatasetIndex("/d", "d", ["a"], [clip], 5));
    }

    [Fact]
    public void Does_not_change_when_the_source_lists_change()
    {
        var classes = new List<string> { "a" };
        var clips = new List<ClipRecord> { new("/d/x.wav", "x.wav", 0, "a", 1, null) };
        var index = new DatasetIndex("/d", "d", classes, clips, 5);

        classes.Add("b");
        clips.Clear();

        Assert.Single(index.Classes);
        Assert.Single(index.Clips);
    }
}
