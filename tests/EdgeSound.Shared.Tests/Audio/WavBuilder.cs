using System.Buffers.Binary;
using System.Text;

namespace EdgeSound.Shared.Tests.Audio;

/// <summary>
/// Builds WAV bytes chunk by chunk, so tests can make every valid layout and every broken one.
/// Sizes are computed unless a test overrides them to lie.
/// </summary>
internal sealed class WavBuilder
{
    public const ushort PcmTag = 1;
    public const ushort FloatTag = 3;
    public const ushort ExtensibleTag = 0xFFFE;

    private readonly List<(string Id, byte[] Body, uint? DeclaredSize, bool Pad)> _chunks = [];
    private uint? _riffSize;

    /// <summary>Offsets of every size field (RIFF and chunks) in the last <see cref="Build"/> result.</summary>
    public List<int> SizeFieldOffsets { get; } = [];

    /// <summary>A plain fmt chunk (16 bytes) with a correct block align unless one is given.</summary>
    public WavBuilder Fmt(ushort tag, int channels, int sampleRate, int bits, int? blockAlign = null)
    {
        int align = blockAlign ?? channels * bits / 8;
        var body = new byte[16];
        BinaryPrimitives.WriteUInt16LittleEndian(body, tag);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), (uint)(sampleRate * align));
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(12), (ushort)align);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(14), (ushort)bits);
        return Chunk("fmt ", body);
    }

    /// <summary>A 40-byte WAVE_FORMAT_EXTENSIBLE fmt chunk whose sub-format GUID is derived from <paramref name="subFormatTag"/>.</summary>
    public WavBuilder FmtExtensible(int channels, int sampleRate, int bits, ushort subFormatTag, int? validBits = null)
    {
        var body = new byte[40];
        int align = channels * bits / 8;
        BinaryPrimitives.WriteUInt16LittleEndian(body, ExtensibleTag);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(2), (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(4), (uint)sampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(8), (uint)(sampleRate * align));
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(12), (ushort)align);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(14), (ushort)bits);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(16), 22);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(18), (ushort)(validBits ?? bits));
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(20), 0x3F); // speaker mask: 5.1
        BinaryPrimitives.WriteUInt32LittleEndian(body.AsSpan(24), subFormatTag);
        byte[] tail = [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];
        tail.CopyTo(body, 28);
        return Chunk("fmt ", body);
    }

    /// <summary>A data chunk.</summary>
    public WavBuilder Data(byte[] body, uint? declaredSize = null) => Chunk("data", body, declaredSize);

    /// <summary>Any chunk; odd bodies get their pad byte unless <paramref name="pad"/> is false.</summary>
    public WavBuilder Chunk(string id, byte[] body, uint? declaredSize = null, bool pad = true)
    {
        _chunks.Add((id, body, declaredSize, pad));
        return this;
    }

    /// <summary>Overrides the RIFF size field.</summary>
    public WavBuilder RiffSize(uint size)
    {
        _riffSize = size;
        return this;
    }

    public byte[] Build()
    {
        SizeFieldOffsets.Clear();
        var bytes = new List<byte>();
        bytes.AddRange("RIFF"u8.ToArray());
        bytes.AddRange(new byte[4]);
        bytes.AddRange("WAVE"u8.ToArray());
        SizeFieldOffsets.Add(4);
        foreach (var (id, body, declared, pad) in _chunks)
        {
            bytes.AddRange(Encoding.ASCII.GetBytes(id));
            SizeFieldOffsets.Add(bytes.Count);
            bytes.AddRange(UInt32(declared ?? (uint)body.Length));
            bytes.AddRange(body);
            if (pad && body.Length % 2 == 1) bytes.Add(0);
        }
        var result = bytes.ToArray();
        BinaryPrimitives.WriteUInt32LittleEndian(result.AsSpan(4), _riffSize ?? (uint)(result.Length - 8));
        return result;
    }

    /// <summary>The common layout: RIFF at 0, fmt at 12 (body at 20), data at 36 (size at 40, samples at 44).</summary>
    public static byte[] Pcm16Mono(params short[] samples) =>
        new WavBuilder().Fmt(PcmTag, 1, 8000, 16).Data(SampleBytes.Int16(samples)).Build();

    private static byte[] UInt32(uint value)
    {
        var bytes = new byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        return bytes;
    }
}

/// <summary>Little-endian sample bytes for the builder.</summary>
internal static class SampleBytes
{
    public static byte[] Int16(params short[] values)
    {
        var bytes = new byte[values.Length * 2];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), values[i]);
        return bytes;
    }

    public static byte[] Int24(params int[] values)
    {
        var bytes = new byte[values.Length * 3];
        for (int i = 0; i < values.Length; i++)
        {
            bytes[i * 3] = (byte)values[i];
            bytes[i * 3 + 1] = (byte)(values[i] >> 8);
            bytes[i * 3 + 2] = (byte)(values[i] >> 16);
        }
        return bytes;
    }

    public static byte[] Int32(params int[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    public static byte[] Float32(params float[] values)
    {
        var bytes = new byte[values.Length * 4];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(bytes.AsSpan(i * 4), values[i]);
        return bytes;
    }

    public static byte[] Float64(params double[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (int i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(i * 8), values[i]);
        return bytes;
    }
}
