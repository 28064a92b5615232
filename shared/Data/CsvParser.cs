using System.Text;

namespace EdgeSound.Shared.Data;

/// <summary>
/// Splits RFC 4180 CSV text into records: comma-separated, fields optionally in double quotes, <c>""</c>
/// for a quote inside quotes, line breaks inside quotes allowed. Unquoted fields are trimmed; blank
/// lines are skipped. Each record keeps the line it starts on so errors can name it.
/// </summary>
internal static class CsvParser
{
    /// <summary>Parses <paramref name="text"/>, read from <paramref name="filePath"/> (named in errors).</summary>
    /// <exception cref="DatasetFormatException">A quote is unbalanced or misplaced.</exception>
    public static List<CsvRecord> Parse(string text, string filePath)
    {
        var records = new List<CsvRecord>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var line = 1;
        var recordLine = 1;
        var fieldWasQuoted = false;
        var i = 0;

        while (i <= text.Length)
        {
            var atEnd = i == text.Length;
            var c = atEnd ? '\n' : text[i];

            if (c == '"' && !fieldWasQuoted && IsBlank(field))
            {
                field.Clear();
                i = ReadQuoted(text, i + 1, field, ref line, recordLine, filePath);
                fieldWasQuoted = true;
                continue;
            }
            if (c == ',')
            {
                fields.Add(Finish(field, fieldWasQuoted));
                fieldWasQuoted = false;
                i++;
                continue;
            }
            if (c == '\r' || c == '\n')
            {
                fields.Add(Finish(field, fieldWasQuoted));
                fieldWasQuoted = false;
                if (!(fields.Count == 1 && fields[0].Length == 0))
                    records.Add(new CsvRecord(recordLine, fields.ToArray()));
                fields.Clear();
                if (atEnd) break;
                // A "\r\n" pair is one line break.
                i += c == '\r' && i + 1 < text.Length && text[i + 1] == '\n' ? 2 : 1;
                line++;
                recordLine = line;
                continue;
            }
            if (fieldWasQuoted)
            {
                if (char.IsWhiteSpace(c)) { i++; continue; }
                throw new DatasetFormatException(filePath, line,
                    $"unexpected character '{c}' after a closing quote",
                    "A quoted field must be followed by a comma or the end of the line; write a quote inside quotes as \"\"");
            }
            if (c == '"')
                throw new DatasetFormatException(filePath, line,
                    "a quote inside an unquoted field",
                    "Put the whole field in double quotes and write the inner quote as \"\"");
            field.Append(c);
            i++;
        }
        return records;
    }

    /// <summary>Reads a quoted field body starting after its opening quote; returns the index after the closing quote.</summary>
    private static int ReadQuoted(string text, int i, StringBuilder field, ref int line, int recordLine, string filePath)
    {
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '"')
            {
                if (i + 1 < text.Length && text[i + 1] == '"')
                {
                    field.Append('"');
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            if (c == '\n' || (c == '\r' && !(i + 1 < text.Length && text[i + 1] == '\n')))
                line++;
            field.Append(c);
            i++;
        }
        throw new DatasetFormatException(filePath, recordLine,
            "a quoted field is never closed",
            "Add the closing double quote (a quote inside quotes is written \"\")");
    }

    // Spaces before an opening quote are tolerated (and dropped), as after a closing one.
    private static bool IsBlank(StringBuilder field)
    {
        for (var k = 0; k < field.Length; k++)
            if (!char.IsWhiteSpace(field[k])) return false;
        return true;
    }

    private static string Finish(StringBuilder field, bool quoted)
    {
        var value = quoted ? field.ToString() : field.ToString().Trim();
        field.Clear();
        return value;
    }
}
