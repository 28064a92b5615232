using EdgeSound.Shared.Data;
using Xunit;

namespace EdgeSound.Shared.Tests.Data;

public sealed class CsvParserTests
{
    [Fact]
    public void Splits_plain_fields_and_trims_unquoted_spaces()
    {
        var records = CsvParser.Parse("a, b ,c\n1,2,3\n", "x.csv");

        Assert.Equal(2, records.Count);
        Assert.Equal(["a", "b", "c"], records[0].Fields);
        Assert.Equal(["1", "2", "3"], records[1].Fields);
    }

    [Fact]
    public void Keeps_commas_spaces_and_doubled_quotes_inside_quotes()
    {
        var records = CsvParser.Parse("\" a, b \",\"say \"\"hi\"\"\", \"c\" ,\"\"", "x.csv");

        Assert.Equal([" a, b ", "say \"hi\"", "c", ""], records.Single().Fields);
    }

    [Fact]
    public void Counts_lines_inside_quoted_fields_crlf_and_blank_lines()
    {
        var records = CsvParser.Parse("h1,h2\r\n\r\n\"two\nlines\",x\r\nlast,y", "x.csv");

        Assert.Equal([1, 3, 5], records.Select(r => r.Line));
        Assert.Equal(["two\nlines", "x"], records[1].Fields);
        Assert.Equal(["last", "y"], records[2].Fields);
    }

    [Fact]
    public void Keeps_empty_fields()
    {
        var records = CsvParser.Parse(",a,\n", "x.csv");

        Assert.Equal(["", "a", ""], records.Single().Fields);
    }

    [Fact]
    public void Rejects_text_after_a_closing_quote_naming_the_line()
    {
        var error = Assert.Throws<DatasetFormatException>(() => CsvParser.Parse("a\n\"b\"c,d\n", "x.csv"));

        Assert.Equal(2, error.Line);
        Assert.StartsWith("x.csv:2: unexpected character 'c' after a closing quote.", error.Message);
    }

    [Fact]
    public void Rejects_a_quote_inside_an_unquoted_field()
    {
        var error = Assert.Throws<DatasetFormatException>(() => CsvParser.Parse("a\nb\"c\n", "x.csv"));

        Assert.StartsWith("x.csv:2: a quote inside an unquoted field.", error.Message);
    }
}
