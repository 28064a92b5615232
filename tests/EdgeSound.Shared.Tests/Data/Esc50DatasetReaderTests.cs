using EdgeSound.Shared.Data;
using Xunit;

namespace EdgeSound.Shared.Tests.Data;

public sealed class Esc50DatasetReaderTests
{
    private static readonly string[] Esc10Labels =
        ["dog", "rooster", "rain", "sea_waves", "crackling_fire", "crying_baby", "sneezing", "clock_tick", "helicopter", "chainsaw"];

    [Fact]
    public void Reads_esc10_rows_with_class_ids_in_ascending_target_order()
    {
        using var data = new Esc50Fixture().Write();

        var index = Esc50DatasetReader.Read(data.Root, EscSubset.Esc10);

        Assert.Equal(Esc10Labels, index.Classes);
        Assert.Equal(20, index.Clips.Count);
        Assert.Equal(5, index.FoldCount);
        Assert.DoesNotContain(index.Clips, c => c.Label == "cow");
        foreach (var clip in index.Clips)
            Assert.Equal(clip.Label, index.Classes[clip.ClassIndex]);
        var chainsaw = index.Clips.First(c => c.FileName == "1-1041-A-41.wav");
        Assert.Equal(new ClipRecord(Path.Combine(data.Root, "audio", "1-1041-A-41.wav"), "1-1041-A-41.wav", 9, "chainsaw", 1, "1041"), chainsaw);
        Assert.Equal($"ESC-10 (ESC-50 layout) at {data.Root}", index.Description);
        Assert.Equal(data.Root, index.Root);
    }

    [Fact]
    public void Keeps_the_csv_order_of_clips_and_its_folds()
    {
        using var data = new Esc50Fixture().Write();

        var index = Esc50DatasetReader.Read(data.Root, EscSubset.Esc10);

        var expected = data.Lines.Skip(1).Where(l => l.Contains(",True,")).Select(l => l.Split(',')).ToArray();
        Assert.Equal(expected.Select(f => f[0]), index.Clips.Select(c => c.FileName));
        Assert.Equal(expected.Select(f => int.Parse(f[1])), index.Clips.Select(c => c.Fold));
    }

    [Fact]
    public void Returns_absolute_audio_paths_for_a_relative_root()
    {
        using var data = new Esc50Fixture().Write();
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, data.Root);

        var index = Esc50DatasetReader.Read(relative, EscSubset.Esc10);

        Assert.All(index.Clips, c => Assert.True(Path.IsPathFullyQualified(c.AudioPath)));
        Assert.All(index.Clips, c => Assert.True(File.Exists(c.AudioPath)));
    }

    [Fact]
    public void Accepts_columns_in_any_order_extra_columns_quotes_and_any_case_booleans()
    {
        using var data = new Esc50Fixture();
        data.Lines.Clear();
        data.Lines.Add("Category,note,esc10,target,filename,fold");
        var k = 0;
        foreach (var (target, category) in Esc50Fixture.Esc10Classes)
        {
            var flag = (k++ % 3) switch { 0 => "TRUE", 1 => "true", _ => "True" };
            data.Lines.Add($"\"{category}\",\"a, \"\"quoted\"\" note\",{flag},{target},\"{k}-9-A-{target}.wav\",{k % 5 + 1}");
        }
        data.Write();
        data.AddAudio(Esc50Fixture.Esc10Classes.Select((c, i) => $"{i + 1}-9-A-{c.Target}.wav"));

        var index = Esc50DatasetReader.Read(data.Root, EscSubset.Esc10);

        Assert.Equal(Esc10Labels, index.Classes);
        Assert.Equal("1-9-A-0.wav", index.Clips[0].FileName);
        Assert.Equal(2, index.Clips[0].Fold);
        Assert.All(index.Clips, c => Assert.Null(c.SourceId)); // no src_file column
    }

    [Fact]
    public void Reads_all_fifty_classes_for_the_esc50_subset()
    {
        using var data = new Esc50Fixture();
        data.Lines.Clear();
        data.Lines.Add(Esc50Fixture.Header);
        var esc10 = Esc50Fixture.Esc10Classes.ToDictionary(c => c.Target, c => c.Category);
        for (var target = 49; target >= 0; target--)
        {
            var category = esc10.GetValueOrDefault(target, $"class_{target:00}");
            data.Lines.Add($"{target % 5 + 1}-{target}-A-{target}.wav,{target % 5 + 1},{target},{category},{esc10.ContainsKey(target)},{target},A");
        }
        data.Write(audioForAllRows: true);

        var index = Esc50DatasetReader.Read(data.Root, EscSubset.Esc50);

        Assert.Equal(50, index.Classes.Count);
        Assert.Equal("dog", index.Classes[0]);
        Assert.Equal("class_02", index.Classes[2]);
        Assert.Equal("chainsaw", index.Classes[41]);
        Assert.Equal(49, index.Clips.Single(c => c.FileName == "5-49-A-49.wav").ClassIndex);
        Assert.Equal($"ESC-50 at {data.Root}", index.Description);
    }

    [Fact]
    public void Does_not_require_audio_for_rows_outside_the_subset()
    {
        using var data = new Esc50Fixture().Write(); // the cow rows have no audio

        var index = Esc50DatasetReader.Read(data.Root, EscSubset.Esc10);

        Assert.Equal(20, index.Clips.Count);
    }

    [Fact]
    public void Names_the_missing_dataset_folder()
    {
        using var folder = new TempFolder();
        var root = folder.PathOf("nowhere");

        var error = Assert.Throws<DatasetFormatException>(() => Esc50DatasetReader.Read(root, EscSubset.Esc10));

        Assert.Equal(root, error.FilePath);
        Assert.Null(error.Line);
        Assert.StartsWith($"{root}: dataset folder does not exist. Pass the folder", error.Message);
    }

    [Fact]
    public void Names_the_missing_metadata_file()
    {
        using var folder = new TempFolder();
        folder.MakeFolder("audio");

        var error = Assert.Throws<DatasetFormatException>(() => Esc50DatasetReader.Read(folder.Root, EscSubset.Esc10));

        Assert.Equal(folder.PathOf(Path.Combine("meta", "esc50.csv")), error.FilePath);
        Assert.Contains("metadata file not found", error.Message);
    }

    [Fact]
    public void Names_the_missing_audio_folder()
    {
        using var data = new Esc50Fixture().Write();
        data.DeleteAudioFolder();

        var error = Assert.Throws<DatasetFormatException>(() => Esc50DatasetReader.Read(data.Root, EscSubset.Esc10));

        Assert.Equal(Path.Combine(data.Root, "audio"), error.FilePath);
        Assert.Contains("audio folder not found", error.Message);
    }

    [Fact]
    public void Rejects_an_empty_csv_at_line_1()
    {
        using var data = new Esc50Fixture();
        data.Lines.Clear();
        data.Write();

        AssertRejected(data, 1, "the file is empty");
    }

    [Fact]
    public void Rejects_a_csv_with_only_a_header()
    {
        using var data = new Esc50Fixture();
        data.Lines.RemoveRange(1, data.Lines.Count - 1);
        data.Write();

        AssertRejected(data, 1, "the file has a header but no data rows");
    }

    [Fact]
    public void Names_missing_columns_on_the_header_line()
    {
        using var data = new Esc50Fixture();
        data.Lines[0] = "filename,fold,category,esc10,src_file,take";
        data.Write();

        AssertRejected(data, 1, "missing column target");
    }

    [Fact]
    public void Requires_the_esc10_column_only_for_the_esc10_subset()
    {
        using var data = new Esc50Fixture();
        for (var i = 0; i < data.Lines.Count; i++)
            data.Lines[i] = string.Join(",", data.Lines[i].Split(',').Where((_, col) => col != 4));
        data.Write();

        AssertRejected(data, 1, "missing column esc10");
    }

    [Fact]
    public void Rejects_a_column_named_twice()
    {
        using var data = new Esc50Fixture();
        data.Lines[0] = "filename,fold,target,category,esc10,src_file,FOLD";
        data.Write();

        AssertRejected(data, 1, "column 'FOLD' appears twice");
    }

    [Fact]
    public void Names_the_line_of_a_fold_that_is_not_a_number()
    {
        using var data = new Esc50Fixture();
        data.Lines[4] = "3-1038-A-38.wav,three,38,clock_tick,True,1038,A";
        data.Write();

        AssertRejected(data, 5, "fold 'three' is not a whole number");
    }

    [Fact]
    public void Names_the_line_of_a_target_that_is_not_a_number()
    {
        using var data = new Esc50Fixture();
        data.Lines[3] = "3-1038-A-38.wav,3,38.0,clock_tick,True,1038,A";
        data.Write();

        AssertRejected(data, 4, "target '38.0' is not a whole number");
    }

    [Fact]
    public void Names_the_line_of_an_esc10_flag_that_is_not_a_boolean()
    {
        using var data = new Esc50Fixture();
        data.Lines[2] = data.Lines[2].Replace(",True,", ",yes,");
        data.Write();

        AssertRejected(data, 3, "esc10 'yes' is neither True nor False");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(6)]
    [InlineData(-1)]
    public void Rejects_a_fold_outside_one_to_five(int fold)
    {
        using var data = new Esc50Fixture();
        data.Lines[7] = $"x-1.wav,{fold},21,sneezing,True,1021,C";
        data.Write();

        AssertRejected(data, 8, $"fold {fold} is outside 1..5");
    }

    [Fact]
    public void Rejects_a_target_outside_the_fifty_classes()
    {
        using var data = new Esc50Fixture();
        data.Lines.Add("1-9-A-50.wav,1,50,extra,False,9,A");
        data.Write();

        AssertRejected(data, data.Lines.Count, "target 50 is outside 0..49");
    }

    [Fact]
    public void Names_both_lines_when_a_target_has_two_category_names()
    {
        using var data = new Esc50Fixture();
        data.Lines.Add("5-5005-A-3.wav,5,3,cattle,False,5005,A");
        data.Write();

        var error = AssertRejected(data, data.Lines.Count, "target 3 is called 'cattle' here but 'cow' on line 22");
        Assert.EndsWith("Use one category name per target", error.Message);
    }

    [Fact]
    public void Names_both_lines_when_a_category_name_has_two_targets()
    {
        using var data = new Esc50Fixture();
        data.Lines.Add("5-5005-A-4.wav,5,4,cow,False,5005,A");
        data.Write();

        var error = AssertRejected(data, data.Lines.Count, "category 'cow' is target 4 here but target 3 on line 22");
        Assert.EndsWith("Give each class one target number", error.Message);
    }

    [Fact]
    public void Names_both_lines_of_a_duplicate_filename()
    {
        using var data = new Esc50Fixture();
        data.Lines.Add(data.Lines[5]);
        data.Write();

        AssertRejected(data, data.Lines.Count, $"{data.Lines[5].Split(',')[0]} is listed again (first on line 6)");
    }

    [Fact]
    public void Names_the_line_of_a_listed_audio_file_that_is_missing()
    {
        using var data = new Esc50Fixture();
        var first = data.Lines[9].Split(',')[0];
        var second = data.Lines[12].Split(',')[0];
        data.Write(audioForAllRows: false, first, second);

        var error = AssertRejected(data, 10, $"audio file {Path.Combine(data.Root, "audio", first)} listed here does not exist (1 more listed files are missing too)");
        Assert.Contains("Restore the audio folder", error.Message);
    }

    [Fact]
    public void Rejects_an_esc10_class_without_rows()
    {
        using var data = new Esc50Fixture();
        data.Lines.RemoveAll(l => l.Contains(",clock_tick,"));
        data.Write();

        var error = Assert.Throws<DatasetFormatException>(() => Esc50DatasetReader.Read(data.Root, EscSubset.Esc10));

        Assert.Equal(data.CsvPath, error.FilePath);
        Assert.Null(error.Line); // no single line is at fault: the rows are absent
        Assert.Equal($"{data.CsvPath}: no rows for ESC-10 class target 38. Every ESC-10 class needs clips: restore the missing rows from the ESC-50 metadata", error.Message);
    }

    [Fact]
    public void Rejects_the_esc50_subset_when_a_class_has_no_clips()
    {
        using var data = new Esc50Fixture().Write(audioForAllRows: true); // has 11 of the 50 classes

        var error = Assert.Throws<DatasetFormatException>(() => Esc50DatasetReader.Read(data.Root, EscSubset.Esc50));

        Assert.Contains("no rows for ESC-50 class targets 2, 4, 5,", error.Message);
    }

    [Fact]
    public void Rejects_an_esc10_flag_that_contradicts_the_target()
    {
        using var data = new Esc50Fixture();
        data.Lines[1] = data.Lines[1].Replace(",True,", ",False,");
        data.Write();

        AssertRejected(data, 2, "esc10 is False but target 41 (chainsaw) is one of the ESC-10 classes");
    }

    [Fact]
    public void Names_the_line_of_a_row_with_too_few_fields()
    {
        using var data = new Esc50Fixture();
        data.Lines[6] = "3-1020-A-20.wav,3,20,crying_baby,True";
        data.Write();

        AssertRejected(data, 7, "expected 7 fields as in the header, found 5");
    }

    [Fact]
    public void Rejects_a_filename_with_a_folder_in_it()
    {
        using var data = new Esc50Fixture();
        data.Lines[6] = "../3-1020-A-20.wav,3,20,crying_baby,True,1020,A";
        data.Write();

        AssertRejected(data, 7, "filename '../3-1020-A-20.wav' is not a plain file name");
    }

    [Fact]
    public void Names_the_line_where_an_unclosed_quote_starts()
    {
        using var data = new Esc50Fixture();
        data.Lines[3] = "\"3-1038-A-38.wav,3,38,clock_tick,True,1038,A";
        data.Write();

        AssertRejected(data, 4, "a quoted field is never closed");
    }

    private static DatasetFormatException AssertRejected(Esc50Fixture data, int line, string problem)
    {
        var error = Assert.Throws<DatasetFormatException>(() => Esc50DatasetReader.Read(data.Root, EscSubset.Esc10));
        Assert.Equal(data.CsvPath, error.FilePath);
        Assert.Equal(line, error.Line);
        Assert.True(error.Message.StartsWith($"{data.CsvPath}:{line}: {problem}", StringComparison.Ordinal), $"Message was: {error.Message}");
        Assert.Matches(@"\. [A-Z].+$", error.Message); // a fix follows the problem
        return error;
    }
}
