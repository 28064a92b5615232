using System.Buffers.Binary;
using System.Text;

namespace EdgeSound.Shared.Audio;

/// <summary>
/// Walks the RIFF chunks of a WAV file and validates the fmt chunk against the real length of the
/// input. Every size is checked against the bytes that really exist before it is used, so a lying
/// header fails here, before anything is allocated for samples.
/// </summary>
internal static class WavHeaderParser
{
    private const ushort PcmTag = 1;
    private const ushort IeeeFloatTag = 3;
    private const ushort ExtensibleTag = 0xFFFE;
    private const int RiffHeaderBytes = 12;
    private const int ChunkHeaderBytes = 8;
    private const int PlainFmtBytes = 16;
    private const int ExtensibleFmtBytes = 40;

    // Bytes 4..15 of every KSDATAFORMAT_SUBTYPE_* GUID derived from a format tag.
    private static ReadOnlySpan<byte> SubFormatGuidTail =>
        [0x00, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00, 0xAA, 0x00, 0x38, 0x9B, 0x71];

    /// <summary>
    /// Parses the header of the WAV data that starts at the current position of a seekable stream.
    /// Offsets in the result and in errors are relative to that position. Leaves the stream
    /// positioned somewhere inside the header.
    /// </summary>
    public static WavInfo Parse(Stream stream, string source)
    {
        var input = new HeaderInput(stream, source);
        long length = input.Length;

        Span<byte> riff = stackalloc byte[RiffHeaderBytes];
        int present = (int)Math.Min(length, RiffHeaderBytes);
        input.ReadAt(0, riff[..present]);
        if (present >= 4) CheckRiffId(input, riff[..4]);
        if (present < RiffHeaderBytes)
            throw input.Error(length, $"the input is only {length} bytes long; a WAV file starts with a 12-byte RIFF/WAVE header");
        if (!riff.Slice(8, 4).SequenceEqual("WAVE"u8))
            throw input.Error(8, $"the RIFF form type is '{FourCc(riff.Slice(8, 4))}'; expected 'WAVE', so this RIFF file is not a WAV file");

        uint riffSize = BinaryPrimitives.ReadUInt32LittleEndian(riff.Slice(4, 4));
        if (riffSize < 4)
            throw input.Error(4, $"the RIFF size is {riffSize}; expected at least 4 (the 'WAVE' form type)");
        long riffEnd = 8L + riffSize;
        if (riffEnd > length)
            throw input.Error(4, $"the RIFF size says the file is {riffEnd} bytes long, but it has only {length} bytes; the file is truncated or its header is wrong");

        return WalkChunks(input, riffEnd);
    }

    private static WavInfo WalkChunks(HeaderInput input, long riffEnd)
    {
        Span<byte> header = stackalloc byte[ChunkHeaderBytes];
        FmtFields? fmt = null;
        long position = RiffHeaderBytes;
        while (position < riffEnd)
        {
            if (riffEnd - position < ChunkHeaderBytes)
                throw input.Error(position, $"only {riffEnd - position} bytes remain in the RIFF container; expected an 8-byte chunk header (id and size)");
            input.ReadAt(position, header);
            var id = header[..4];
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(header[4..]);
            long bodyStart = position + ChunkHeaderBytes;
            if (bodyStart + size > riffEnd)
                throw input.Error(position + 4, $"chunk '{FourCc(id)}' declares {size} bytes, but only {riffEnd - bodyStart} bytes remain before the RIFF container ends at byte {riffEnd}; the file is truncated or the chunk size is wrong");

            if (id.SequenceEqual("fmt "u8))
            {
                if (fmt is not null)
                    throw input.Error(position, "a second 'fmt ' chunk; expected exactly one");
                fmt = ParseFmt(input, bodyStart, size);
            }
            else if (id.SequenceEqual("data"u8))
            {
                if (fmt is not { } format)
                    throw input.Error(position, "the 'data' chunk comes before the 'fmt ' chunk; expected 'fmt ' first, to know how to read the samples");
                if (size % format.BlockAlign != 0)
                    throw input.Error(position + 4, $"the 'data' chunk holds {size} bytes, which is not a whole number of {format.BlockAlign}-byte frames");
                return new WavInfo(format.Tag, format.Encoding, format.Channels, format.SampleRate,
                    format.BitsPerSample, format.BlockAlign, size / format.BlockAlign, bodyStart);
            }

            // Unknown chunks (LIST, fact, cue, ...) are skipped; odd-sized chunks are followed by a pad byte.
            position = bodyStart + size + (size & 1);
        }

        string missing = fmt is null ? "no 'fmt ' and no 'data' chunk" : "no 'data' chunk";
        throw input.Error(riffEnd, $"the RIFF container ended with {missing}; expected a 'fmt ' chunk followed by a 'data' chunk");
    }

    private static FmtFields ParseFmt(HeaderInput input, long bodyStart, uint size)
    {
        if (size < PlainFmtBytes)
            throw input.Error(bodyStart - 4, $"the 'fmt ' chunk is {size} bytes; expected at least {PlainFmtBytes}");
        Span<byte> fmt = stackalloc byte[ExtensibleFmtBytes];
        fmt = fmt[..(int)Math.Min(size, ExtensibleFmtBytes)];
        input.ReadAt(bodyStart, fmt);

        ushort tag = BinaryPrimitives.ReadUInt16LittleEndian(fmt);
        ushort channels = BinaryPrimitives.ReadUInt16LittleEndian(fmt[2..]);
        uint sampleRate = BinaryPrimitives.ReadUInt32LittleEndian(fmt[4..]);
        ushort blockAlign = BinaryPrimitives.ReadUInt16LittleEndian(fmt[12..]);
        ushort bits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[14..]);

        var encoding = tag switch
        {
            PcmTag => WavSampleEncoding.Pcm,
            IeeeFloatTag => WavSampleEncoding.IeeeFloat,
            ExtensibleTag => ExtensibleEncoding(input, bodyStart, size, fmt, bits),
            _ => throw input.Error(bodyStart, $"format tag 0x{tag:X4}{FormatName(tag)} is not supported; expected PCM (1), IEEE float (3) or WAVE_FORMAT_EXTENSIBLE (0xFFFE)"),
        };

        if (channels == 0)
            throw input.Error(bodyStart + 2, "the channel count is 0; expected at least 1");
        if (sampleRate == 0 || sampleRate > int.MaxValue)
            throw input.Error(bodyStart + 4, $"the sample rate is {sampleRate} Hz; expected between 1 and {int.MaxValue}");
        bool bitsSupported = encoding == WavSampleEncoding.Pcm ? bits is 8 or 16 or 24 or 32 : bits is 32 or 64;
        if (!bitsSupported)
        {
            string expected = encoding == WavSampleEncoding.Pcm ? "8, 16, 24 or 32 for PCM" : "32 or 64 for IEEE float";
            throw input.Error(bodyStart + 14, $"{bits} bits per sample is not supported; expected {expected}");
        }
        int expectedBlockAlign = channels * (bits / 8);
        if (blockAlign != expectedBlockAlign)
            throw input.Error(bodyStart + 12, $"the block align is {blockAlign}, but {channels} channel(s) of {bits} bits need {expectedBlockAlign} bytes per frame");

        return new FmtFields(tag, encoding, channels, (int)sampleRate, bits, blockAlign);
    }

    private static WavSampleEncoding ExtensibleEncoding(HeaderInput input, long bodyStart, uint size, ReadOnlySpan<byte> fmt, ushort bits)
    {
        if (size < ExtensibleFmtBytes)
            throw input.Error(bodyStart - 4, $"the 'fmt ' chunk of a WAVE_FORMAT_EXTENSIBLE file is {size} bytes; expected at least {ExtensibleFmtBytes}");
        ushort extraBytes = BinaryPrimitives.ReadUInt16LittleEndian(fmt[16..]);
        if (extraBytes < ExtensibleFmtBytes - 18)
            throw input.Error(bodyStart + 16, $"the extension size (cbSize) is {extraBytes}; expected at least 22 for WAVE_FORMAT_EXTENSIBLE");
        ushort validBits = BinaryPrimitives.ReadUInt16LittleEndian(fmt[18..]);
        if (validBits > bits)
            throw input.Error(bodyStart + 18, $"{validBits} valid bits per sample do not fit in a {bits}-bit container");

        var subFormat = fmt.Slice(24, 16);
        uint subTag = BinaryPrimitives.ReadUInt32LittleEndian(subFormat);
        if (subFormat[4..].SequenceEqual(SubFormatGuidTail))
        {
            if (subTag == PcmTag) return WavSampleEncoding.Pcm;
            if (subTag == IeeeFloatTag) return WavSampleEncoding.IeeeFloat;
        }
        throw input.Error(bodyStart + 24, $"the WAVE_FORMAT_EXTENSIBLE sub-format is {new Guid(subFormat)}; expected KSDATAFORMAT_SUBTYPE_PCM or KSDATAFORMAT_SUBTYPE_IEEE_FLOAT");
    }

    private static void CheckRiffId(HeaderInput input, ReadOnlySpan<byte> id)
    {
        if (id.SequenceEqual("RIFF"u8)) return;
        string problem = id switch
        {
            _ when id.SequenceEqual("RIFX"u8) => "big-endian RIFX files are not supported; expected a little-endian 'RIFF' file",
            _ when id.SequenceEqual("RF64"u8) || id.SequenceEqual("BW64"u8) => $"64-bit '{FourCc(id)}' WAV files are not supported; expected a 'RIFF' file under 4 GB",
            _ => $"found '{FourCc(id)}'; expected 'RIFF', so this is not a WAV file",
        };
        throw input.Error(0, problem);
    }

    private static string FormatName(ushort tag) => tag switch
    {
        0x0002 => " (MS ADPCM)",
        0x0006 => " (A-law)",
        0x0007 => " (mu-law)",
        0x0011 => " (IMA ADPCM)",
        0x0055 => " (MP3)",
        _ => "",
    };

    /// <summary>A four-character code as text, with unprintable bytes escaped so messages stay readable.</summary>
    private static string FourCc(ReadOnlySpan<byte> id)
    {
        var text = new StringBuilder(16);
        foreach (byte b in id)
        {
            if (b is >= 0x20 and < 0x7F) text.Append((char)b);
            else text.Append($"\\x{b:X2}");
        }
        return text.ToString();
    }

    private readonly record struct FmtFields(
        ushort Tag, WavSampleEncoding Encoding, int Channels, int SampleRate, int BitsPerSample, int BlockAlign);

    /// <summary>A seekable stream seen from where the WAV data starts, with errors that name the source.</summary>
    private readonly struct HeaderInput(Stream stream, string source)
    {
        private readonly long _start = stream.Position;

        public long Length { get; } = stream.Length - stream.Position;

        public void ReadAt(long offset, Span<byte> destination)
        {
            stream.Position = _start + offset;
            WavStreamReading.ReadExactly(stream, destination, source, offset);
        }

        public WavFormatException Error(long offset, string problem) => new(source, offset, problem);
    }
}
