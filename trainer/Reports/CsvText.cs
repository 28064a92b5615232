using System.Text;

namespace EdgeSound.Trainer.Reports;

/// <summary>Minimal RFC 4180 quoting and splitting for the report CSVs (fields with commas, quotes or newlines are quoted).</summary>
public static class CsvText
{
    /// <summary>Quotes <paramref name="field"/> if it needs it.</summary>
    public static string Escape(string field) =>
        field.AsSpan().IndexOfAny(",\"\r\n") < 0 ? field : "\"" + field.Replace("\"", "\"\"") + "\"";

    /// <summary>Joins fields into one CSV line (no line break).</summary>
    public static string Join(IEnumerable<string> fields) => string.Join(",", fields.Select(Escape));

    /// <summary>Splits one CSV line (no embedded line breaks) into fields, undoing quoting.</summary>
    /// <exception cref="FormatException">An opened quote is never closed, or text follows a closing quote.</exception>
    public static List<string> Split(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        int i = 0;
        while (true)
        {
            field.Clear();
            if (i < line.Length && line[i] == '"')
            {
                i++;
                while (true)
                {
                    if (i >= line.Length) throw new FormatException($"unclosed quote in CSV line: {line}");
                    if (line[i] == '"')
                    {
                        if (i + 1 < line.Length && line[i + 1] == '"') { field.Append('"'); i += 2; continue; }
                        i++;
                        break;
                    }
                    field.Append(line[i++]);
                }
                if (i < line.Length && line[i] != ',') throw new FormatException($"text after a closing quote at column {i + 1}: {line}");
            }
            else
            {
                while (i < line.Length && line[i] != ',') field.Append(line[i++]);
            }
            fields.Add(field.ToString());
            if (i >= line.Length) return fields;
            i++; // skip the comma
        }
    }
}
