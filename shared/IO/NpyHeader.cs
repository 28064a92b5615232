using System.Globalization;

namespace EdgeSound.Shared.IO;

/// <summary>
/// Parses the Python-literal dict of an NPY header, e.g.
/// <c>{'descr': '&lt;f4', 'fortran_order': False, 'shape': (3, 4), }</c>. Only what NumPy writes is
/// accepted: string keys, a string descr, a True/False fortran_order, a tuple of non-negative ints.
/// </summary>
internal static class NpyHeader
{
    public static (string Descr, bool FortranOrder, int[] Shape) Parse(string header, int headerOffset, Func<string, Exception> bad)
    {
        var reader = new Reader(header, headerOffset, bad);
        string? descr = null;
        bool? fortranOrder = null;
        int[]? shape = null;

        reader.Expect('{');
        while (!reader.TryConsume('}'))
        {
            int keyAt = reader.Position;
            string key = reader.ReadString();
            reader.Expect(':');
            switch (key)
            {
                case "descr": descr = reader.ReadString(); break;
                case "fortran_order": fortranOrder = reader.ReadBool(); break;
                case "shape": shape = reader.ReadShape(); break;
                default: throw reader.Error(keyAt, $"unknown header key '{key}' (expected descr, fortran_order, shape)");
            }
            if (!reader.TryConsume(',')) { reader.Expect('}'); break; }
        }

        if (descr is null || fortranOrder is null || shape is null)
            throw bad($"the header dict lacks {string.Join(" and ", new[] { descr is null ? "'descr'" : null, fortranOrder is null ? "'fortran_order'" : null, shape is null ? "'shape'" : null }.Where(s => s is not null))}.");
        return (descr, fortranOrder.Value, shape);
    }

    private sealed class Reader(string text, int offset, Func<string, Exception> bad)
    {
        public int Position { get; private set; }

        public Exception Error(int at, string what) =>
            bad($"{what} at byte {offset + at} of the file (header text: {text.TrimEnd()}).");

        public void Expect(char c)
        {
            if (!TryConsume(c))
                throw Error(Position, Position < text.Length ? $"expected '{c}' but found '{text[Position]}'" : $"expected '{c}' but the header ended");
        }

        public bool TryConsume(char c)
        {
            SkipSpace();
            if (Position < text.Length && text[Position] == c) { Position++; return true; }
            return false;
        }

        public string ReadString()
        {
            SkipSpace();
            if (Position >= text.Length || (text[Position] != '\'' && text[Position] != '"'))
                throw Error(Position, "expected a quoted string");
            char quote = text[Position];
            int end = text.IndexOf(quote, Position + 1);
            if (end < 0) throw Error(Position, "unterminated string");
            var value = text[(Position + 1)..end];
            Position = end + 1;
            return value;
        }

        public bool ReadBool()
        {
            SkipSpace();
            foreach (var (word, value) in new[] { ("True", true), ("False", false) })
                if (string.CompareOrdinal(text, Position, word, 0, word.Length) == 0) { Position += word.Length; return value; }
            throw Error(Position, "expected True or False");
        }

        public int[] ReadShape()
        {
            var dims = new List<int>();
            Expect('(');
            while (!TryConsume(')'))
            {
                SkipSpace();
                int start = Position;
                while (Position < text.Length && char.IsAsciiDigit(text[Position])) Position++;
                if (start == Position || !int.TryParse(text.AsSpan(start, Position - start), NumberStyles.None, CultureInfo.InvariantCulture, out int dim))
                    throw Error(start, "expected a non-negative integer dimension in 'shape'");
                dims.Add(dim);
                if (!TryConsume(',')) { Expect(')'); break; }
            }
            return dims.ToArray();
        }

        private void SkipSpace()
        {
            while (Position < text.Length && char.IsWhiteSpace(text[Position])) Position++;
        }
    }
}
