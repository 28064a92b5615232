using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeSound.Shared.IO;

/// <summary>
/// NumPy .npy arrays of floats: writes NPY 1.0 '&lt;f4' in C order; reads '&lt;f4' and '&lt;f8' (as
/// floats) in C order from NPY 1.0, 2.0 and 3.0 files.
/// </summary>
public static class NpyFile
{
    private static readonly byte[] Magic = [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];
    private const int HeaderAlignment = 64;

    /// <summary>
    /// Writes <paramref name="data"/> with <paramref name="shape"/> (C order; its product must equal
    /// data.Length) to <paramref name="path"/>, via a temporary file renamed into place so a failure
    /// never leaves a half-written array.
    /// </summary>
    public static void Write(string path, ReadOnlySpan<float> data, params int[] shape)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (int dim in shape)
        {
            if (dim < 0) throw new ArgumentException($"Shape ({string.Join(", ", shape)}) for '{path}' has a negative dimension.", nameof(shape));
            count *= dim;
        }
        if (count != data.Length)
            throw new ArgumentException($"Shape ({string.Join(", ", shape)}) for '{path}' holds {count} values but {data.Length} were given.", nameof(shape));

        var header = BuildHeader(shape);
        using var file = AtomicFile.Create(path);
        file.Stream.Write(header);
        WriteLittleEndian(file.Stream, data);
        file.Commit();
    }

    /// <summary>
    /// Reads a '&lt;f4' or '&lt;f8' C-order array from <paramref name="path"/>; float64 values are
    /// rounded to float. Throws <see cref="InvalidDataException"/> naming the file and the problem.
    /// </summary>
    public static (float[] Data, int[] Shape) Read(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var bytes = File.ReadAllBytes(path);
        InvalidDataException Bad(string what) => new($"'{path}' is not a readable .npy float array: {what}");

        if (bytes.Length < 10 || !bytes.AsSpan(0, 6).SequenceEqual(Magic))
            throw Bad("it does not start with the NPY magic bytes \\x93NUMPY.");
        int major = bytes[6];
        int headerLengthSize = major switch
        {
            1 => 2,
            2 or 3 => 4,
            _ => throw Bad($"NPY format version {major}.{bytes[7]} at byte 6 is not supported (expected 1.x, 2.x or 3.x)."),
        };
        int headerStart = 8 + headerLengthSize;
        if (bytes.Length < headerStart)
            throw Bad($"the file ends at byte {bytes.Length}, inside the header length field.");
        long headerLength = headerLengthSize == 2
            ? BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8))
            : BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(8));
        if (headerStart + headerLength > bytes.Length)
            throw Bad($"the header says it is {headerLength} bytes long from byte {headerStart}, but the file has only {bytes.Length} bytes.");

        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(bytes, headerStart, (int)headerLength);
        var (descr, fortranOrder, shape) = NpyHeader.Parse(header, headerStart, Bad);

        int itemSize = descr switch
        {
            "<f4" => 4,
            "<f8" => 8,
            _ => throw Bad($"dtype '{descr}' is not supported (expected '<f4' float32 or '<f8' float64, little-endian)."),
        };
        if (fortranOrder)
            throw Bad("the array is in Fortran (column-major) order; save it in C order (np.ascontiguousarray) instead.");

        long count = 1;
        foreach (int dim in shape)
        {
            count *= dim;
            // Beyond what one float array holds (and a guard against a product that would wrap).
            if (count > Array.MaxLength) throw Bad($"shape ({string.Join(", ", shape)}) holds more values than one array can.");
        }
        long dataStart = headerStart + headerLength;
        long expected = count * itemSize;
        if (bytes.Length - dataStart != expected)
            throw Bad($"shape ({string.Join(", ", shape)}) of '{descr}' needs {expected} data bytes from byte {dataStart}, but the file has {bytes.Length - dataStart}.");

        var data = new float[count];
        var payload = bytes.AsSpan((int)dataStart);
        if (itemSize == 4)
            for (int i = 0; i < data.Length; i++) data[i] = BinaryPrimitives.ReadSingleLittleEndian(payload[(i * 4)..]);
        else
            for (int i = 0; i < data.Length; i++) data[i] = (float)BinaryPrimitives.ReadDoubleLittleEndian(payload[(i * 8)..]);
        return (data, shape);
    }

    /// <summary>Magic, version 1.0, header length, then the dict padded with spaces and ended by '\n' to a multiple of 64 bytes.</summary>
    private static byte[] BuildHeader(int[] shape)
    {
        string shapeText = shape.Length == 1
            ? $"({shape[0].ToString(CultureInfo.InvariantCulture)},)"
            : "(" + string.Join(", ", shape.Select(d => d.ToString(CultureInfo.InvariantCulture))) + ")";
        string dict = $"{{'descr': '<f4', 'fortran_order': False, 'shape': {shapeText}, }}";
        int prefix = Magic.Length + 2 + 2;
        int total = (prefix + dict.Length + 1 + HeaderAlignment - 1) / HeaderAlignment * HeaderAlignment;
        string padded = dict + new string(' ', total - prefix - dict.Length - 1) + "\n";
        if (padded.Length > ushort.MaxValue)
            throw new ArgumentException($"Shape with {shape.Length} dimensions makes an NPY 1.0 header longer than 65535 bytes.", nameof(shape));

        var header = new byte[total];
        Magic.CopyTo(header, 0);
        header[6] = 1;
        header[7] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(header.AsSpan(8), (ushort)padded.Length);
        Encoding.ASCII.GetBytes(padded, header.AsSpan(prefix));
        return header;
    }

    private static void WriteLittleEndian(Stream stream, ReadOnlySpan<float> data)
    {
        if (BitConverter.IsLittleEndian)
        {
            stream.Write(MemoryMarshal.AsBytes(data));
            return;
        }
        Span<byte> item = stackalloc byte[4];
        foreach (float value in data)
        {
            BinaryPrimitives.WriteSingleLittleEndian(item, value);
            stream.Write(item);
        }
    }
}
