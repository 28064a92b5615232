using System.Buffers.Binary;
using System.Text;
using EdgeSound.Shared.IO;
using Xunit;

namespace EdgeSound.Shared.Tests.IO;

public sealed class NpyFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edgesound-npy-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private string PathOf(string name) => Path.Combine(_folder, name);

    /// <summary>An NPY 1.0 file with a hand-written header, as another tool might produce it.</summary>
    private string WriteRaw(string name, string dict, byte[] payload, byte major = 1)
    {
        var header = Encoding.ASCII.GetBytes(dict + "\n");
        var bytes = new List<byte> { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0 };
        var length = new byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, (ushort)header.Length);
        bytes.AddRange(length);
        bytes.AddRange(header);
        bytes.AddRange(payload);
        File.WriteAllBytes(PathOf(name), bytes.ToArray());
        return PathOf(name);
    }

    [Fact]
    public void Round_trips_data_and_shape()
    {
        var data = Enumerable.Range(0, 24).Select(i => i * 0.5f - 3).ToArray();
        NpyFile.Write(PathOf("a.npy"), data, 2, 3, 4);

        var (back, shape) = NpyFile.Read(PathOf("a.npy"));

        Assert.Equal([2, 3, 4], shape);
        Assert.Equal(data, back);
    }

    [Fact]
    public void Writes_a_version_1_header_padded_to_64_bytes()
    {
        NpyFile.Write(PathOf("b.npy"), new float[] { 1, 2, 3 }, 3);

        var bytes = File.ReadAllBytes(PathOf("b.npy"));
        int headerLength = BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(8));
        var header = Encoding.ASCII.GetString(bytes, 10, headerLength);

        Assert.Equal(1, bytes[6]);
        Assert.Equal(0, (10 + headerLength) % 64);
        Assert.StartsWith("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", header);
        Assert.EndsWith("\n", header);
        Assert.Equal(10 + headerLength + 12, bytes.Length);
        Assert.Equal(2f, BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(10 + headerLength + 4)));
    }

    [Fact]
    public void Leaves_no_temporary_file_behind_and_overwrites_atomically()
    {
        NpyFile.Write(PathOf("c.npy"), new float[] { 1 }, 1);
        NpyFile.Write(PathOf("c.npy"), new float[] { 5, 6 }, 2);

        Assert.Equal(["c.npy"], Directory.GetFiles(_folder).Select(Path.GetFileName));
        Assert.Equal([5f, 6f], NpyFile.Read(PathOf("c.npy")).Data);
    }

    [Fact]
    public void Creates_the_folder_it_writes_into()
    {
        var path = Path.Combine(_folder, "new", "deeper", "d.npy");

        NpyFile.Write(path, new float[] { 1, 2 }, 2);

        Assert.Equal([1f, 2f], NpyFile.Read(path).Data);
    }

    [Fact]
    public void Rejects_a_shape_that_does_not_match_the_data()
    {
        var error = Assert.Throws<ArgumentException>(() => NpyFile.Write(PathOf("d.npy"), new float[5], 2, 3));
        Assert.Contains("holds 6 values but 5 were given", error.Message);
        Assert.False(File.Exists(PathOf("d.npy")));
    }

    [Fact]
    public void Reads_float64_as_float()
    {
        var payload = new byte[16];
        BinaryPrimitives.WriteDoubleLittleEndian(payload, 0.25);
        BinaryPrimitives.WriteDoubleLittleEndian(payload.AsSpan(8), -1e-3);
        var path = WriteRaw("f8.npy", "{'descr': '<f8', 'fortran_order': False, 'shape': (1, 2), }", payload);

        var (data, shape) = NpyFile.Read(path);

        Assert.Equal([1, 2], shape);
        Assert.Equal([0.25f, -1e-3f], data);
    }

    [Fact]
    public void Reads_what_numpy_saved()
    {
        // Written by np.save in tools/make_feature_fixtures.py.
        var (data, shape) = NpyFile.Read(Path.Combine(AppContext.BaseDirectory, "Fixtures", "features", "impulse.input.npy"));
        Assert.Equal([9600], shape);
        Assert.Equal(1f, data[3200]);
        Assert.Equal(1f, data.Sum());
    }

    [Theory]
    [InlineData("{'descr': '>f4', 'fortran_order': False, 'shape': (2,), }", "dtype '>f4' is not supported")]
    [InlineData("{'descr': '<i2', 'fortran_order': False, 'shape': (4,), }", "dtype '<i2' is not supported")]
    [InlineData("{'descr': '<f4', 'fortran_order': True, 'shape': (2,), }", "Fortran (column-major) order")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (3,), }", "needs 12 data bytes from byte")]
    [InlineData("{'descr': '<f4', 'shape': (2,), }", "lacks 'fortran_order'")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,-1), }", "expected a non-negative integer dimension")]
    [InlineData("{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2,), }", "expected True or False")]
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), 'extra': 1}", "unknown header key 'extra'")]
    // The product of these wraps a 64-bit count to 0, which would accept the file with no data.
    [InlineData("{'descr': '<f4', 'fortran_order': False, 'shape': (65536, 65536, 65536, 65536), }", "holds more values than one array can")]
    public void Explains_files_it_cannot_read(string dict, string expected)
    {
        var path = WriteRaw("bad.npy", dict, new byte[8]);

        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));

        Assert.Contains(expected, error.Message);
        Assert.Contains(path, error.Message);
    }

    [Fact]
    public void Rejects_a_file_without_the_magic()
    {
        File.WriteAllText(PathOf("text.npy"), "not an array at all");
        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(PathOf("text.npy")));
        Assert.Contains("magic", error.Message);
        Assert.Contains("text.npy", error.Message);
    }

    [Fact]
    public void Rejects_an_unknown_format_version()
    {
        var path = WriteRaw("v9.npy", "{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", new byte[8], major: 9);
        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(path));
        Assert.Contains("version 9.0 at byte 6", error.Message);
    }

    [Fact]
    public void Rejects_a_truncated_header()
    {
        var bytes = new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0, 200, 0, (byte)'{' };
        File.WriteAllBytes(PathOf("short.npy"), bytes);
        var error = Assert.Throws<InvalidDataException>(() => NpyFile.Read(PathOf("short.npy")));
        Assert.Contains("200 bytes long", error.Message);
    }
}
