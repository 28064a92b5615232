using System.Buffers.Binary;
using System.Diagnostics;
using EdgeSound.Shared.Audio;
using Xunit;
using Xunit.Abstractions;

namespace EdgeSound.Shared.Tests.Audio;

/// <summary>
/// Seeded mutations of valid WAV files must give either a valid clip or a
/// <see cref="WavFormatException"/>: never another exception, never a hang, and never an allocation
/// out of proportion to the input.
/// </summary>
public sealed class WavReaderFuzzTests(ITestOutputHelper output)
{
    private const int Seed = 20260124;
    private const int RandomMutations = 10_000;

    // The largest clip is 4 bytes of float per byte of 8-bit mono input; the constant covers the
    // clip and exception objects, messages and stack traces.
    private const int AllocationBytesPerInputByte = 4;
    private const int AllocationConstantBytes = 16 * 1024;

    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(20);

    [Fact]
    public void Mutated_wav_files_give_a_valid_clip_or_a_wav_format_exception()
    {
        var bases = BaseFiles(new Random(Seed));
        var cases = new List<(string Kind, byte[] Bytes)>();
        foreach (var (name, bytes, _) in bases)
        {
            // Truncation at every offset covers every kind of boundary: inside the RIFF header,
            // chunk headers, fmt fields, the data and the pad bytes.
            for (int length = 0; length < bytes.Length; length++)
                cases.Add(($"{name} truncated to {length}", bytes[..length]));
        }
        var random = new Random(Seed);
        for (int i = 0; i < RandomMutations; i++)
        {
            var (name, bytes, sizeFields) = bases[random.Next(bases.Count)];
            var (kind, mutated) = Mutate(random, bytes, sizeFields);
            cases.Add(($"#{i} {name}: {kind}", mutated));
        }

        var result = new FuzzResult();
        // A dedicated thread makes a hang detectable (the join times out) and gives the allocation
        // counter a thread of its own.
        var worker = new Thread(() => Run(cases, result)) { IsBackground = true, Name = "wav-fuzz" };
        worker.Start();
        bool finished = worker.Join(Budget + TimeSpan.FromSeconds(10));

        Assert.True(finished, $"the reader hung on case {result.Current}: {cases[result.Current].Kind}");
        output.WriteLine($"{result.Done} cases in {result.Elapsed.TotalSeconds:F2} s: {result.Accepted} valid clips, {result.Rejected} WavFormatExceptions; " +
                         $"largest allocation {result.LargestAllocation} bytes (for a {result.LargestAllocationInput}-byte input); " +
                         $"most beyond {AllocationBytesPerInputByte} x input: {result.WorstAllocationOverhead} bytes");
        Assert.True(result.Failures.Count == 0, string.Join("\n", result.Failures.Take(10)));
        Assert.Equal(cases.Count, result.Done);
        Assert.True(result.Accepted > 100 && result.Rejected > 1000, "the mutations should produce both outcomes in number");
    }

    private static void Run(List<(string Kind, byte[] Bytes)> cases, FuzzResult result)
    {
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < cases.Count && clock.Elapsed < Budget; i++)
        {
            result.Current = i;
            var (kind, bytes) = cases[i];
            var stream = new MemoryStream(bytes, writable: false);
            AudioClip? clip = null;
            string? failure = null;
            long before = GC.GetAllocatedBytesForCurrentThread();
            try
            {
                clip = WavReader.Read(stream, "fuzz.wav");
            }
            catch (WavFormatException error)
            {
                if (error.FilePath != "fuzz.wav" || error.ByteOffset < 0 || error.ByteOffset > bytes.Length)
                    failure = $"bad exception fields: {error.Message}";
            }
            catch (Exception error)
            {
                failure = $"{error.GetType().Name}: {error.Message}";
            }
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;

            long allowed = (long)AllocationBytesPerInputByte * bytes.Length + AllocationConstantBytes;
            if (allocated > allowed) failure ??= $"allocated {allocated} bytes for a {bytes.Length}-byte input (allowed {allowed})";
            if (clip is not null) failure ??= ProblemWithClip(clip, bytes);
            if (failure is not null) result.Failures.Add($"{kind}: {failure} [{Convert.ToBase64String(bytes)}]");

            if (clip is null) result.Rejected++;
            else result.Accepted++;
            if (allocated > result.LargestAllocation) (result.LargestAllocation, result.LargestAllocationInput) = (allocated, bytes.Length);
            result.WorstAllocationOverhead = Math.Max(result.WorstAllocationOverhead, allocated - (long)AllocationBytesPerInputByte * bytes.Length);
            result.Done = i + 1;
        }
        result.Elapsed = clock.Elapsed;
    }

    private static string? ProblemWithClip(AudioClip clip, byte[] bytes)
    {
        var info = WavReader.ReadInfo(new MemoryStream(bytes), "fuzz.wav");
        if (clip.Samples.Length != info.FrameCount) return $"{clip.Samples.Length} samples but the header has {info.FrameCount} frames";
        if (clip.SampleRate != info.SampleRate || clip.SampleRate <= 0) return $"sample rate {clip.SampleRate}";
        if (info.DataOffset + info.DataLength > bytes.Length) return "data beyond the end of the input";
        foreach (float sample in clip.Samples)
        {
            if (!float.IsFinite(sample)) return $"non-finite sample {sample}";
            if (info.Encoding == WavSampleEncoding.Pcm && Math.Abs(sample) > 1f) return $"PCM sample {sample} outside [-1, 1]";
        }
        return null;
    }

    private static (string Kind, byte[] Bytes) Mutate(Random random, byte[] original, IReadOnlyList<int> sizeFields)
    {
        var bytes = (byte[])original.Clone();
        switch (random.Next(7))
        {
            case 0:
                int flips = random.Next(1, 5);
                for (int i = 0; i < flips; i++) bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                return ($"{flips} byte flips", bytes);
            case 1:
                // Any aligned 16- or 32-bit field in the header region gets an extreme or random value.
                int field = random.Next(Math.Min(bytes.Length, 90) / 2) * 2;
                uint value = ExtremeOrRandom(random);
                if (random.Next(2) == 0 || field + 4 > bytes.Length) BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(field), (ushort)value);
                else BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(field), value);
                return ($"header field at {field} = 0x{value:X}", bytes);
            case 2:
                int sizeField = sizeFields[random.Next(sizeFields.Count)];
                uint size = ExtremeOrRandom(random);
                BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(sizeField), size);
                return ($"size field at {sizeField} = 0x{size:X}", bytes);
            case 3:
                int cut = random.Next(bytes.Length);
                var mutated = Mutate(random, bytes, sizeFields).Bytes;
                return ($"mutated, then truncated to {Math.Min(cut, mutated.Length)}", mutated[..Math.Min(cut, mutated.Length)]);
            case 4:
                var garbage = new byte[random.Next(0, 300)];
                random.NextBytes(garbage);
                if (garbage.Length >= 12 && random.Next(2) == 0)
                {
                    "RIFF"u8.CopyTo(garbage);
                    "WAVE"u8.CopyTo(garbage.AsSpan(8));
                }
                return ($"{garbage.Length} bytes of garbage", garbage);
            case 5:
                int at = random.Next(bytes.Length + 1);
                var inserted = new byte[random.Next(1, 12)];
                random.NextBytes(inserted);
                return ($"{inserted.Length} bytes inserted at {at}", [.. bytes[..at], .. inserted, .. bytes[at..]]);
            default:
                int from = random.Next(bytes.Length);
                int count = random.Next(1, Math.Min(12, bytes.Length - from) + 1);
                return ($"{count} bytes removed at {from}", [.. bytes[..from], .. bytes[(from + count)..]]);
        }
    }

    private static uint ExtremeOrRandom(Random random) => random.Next(8) switch
    {
        0 => 0,
        1 => 1,
        2 => 0xFFFFFFFF,
        3 => 0x7FFFFFFF,
        4 => 0x80000000,
        5 => 0xFFFF,
        6 => (uint)random.Next(0, 64),
        _ => (uint)random.NextInt64(0, 1L << 32),
    };

    /// <summary>Small valid files, one per format and layout the reader supports.</summary>
    private static List<(string Name, byte[] Bytes, List<int> SizeFields)> BaseFiles(Random random)
    {
        byte[] RandomBytes(int count)
        {
            var bytes = new byte[count];
            random.NextBytes(bytes);
            return bytes;
        }
        float[] RandomFloats(int count) => Enumerable.Range(0, count).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();

        var builders = new (string Name, WavBuilder Builder)[]
        {
            ("pcm16 mono", new WavBuilder().Fmt(WavBuilder.PcmTag, 1, 44100, 16).Data(RandomBytes(64))),
            ("pcm8 stereo, LIST first, odd data", new WavBuilder().Chunk("LIST", RandomBytes(9)).Fmt(WavBuilder.PcmTag, 1, 8000, 8).Data(RandomBytes(33)).Chunk("id3 ", RandomBytes(5))),
            ("pcm24 3 channels", new WavBuilder().Fmt(WavBuilder.PcmTag, 3, 48000, 24).Data(RandomBytes(9 * 8))),
            ("pcm32 mono", new WavBuilder().Fmt(WavBuilder.PcmTag, 1, 16000, 32).Data(RandomBytes(4 * 12))),
            ("float32 with fact", new WavBuilder().Fmt(WavBuilder.FloatTag, 1, 22050, 32).Chunk("fact", SampleBytes.Int32(10)).Data(SampleBytes.Float32(RandomFloats(10)))),
            ("float64 stereo", new WavBuilder().Fmt(WavBuilder.FloatTag, 2, 8000, 64).Data(SampleBytes.Float64(RandomFloats(12).Select(f => (double)f).ToArray()))),
            ("extensible pcm16 6 channels", new WavBuilder().FmtExtensible(6, 44100, 16, WavBuilder.PcmTag).Data(RandomBytes(12 * 5))),
            ("extensible float32, trailing chunk", new WavBuilder().FmtExtensible(1, 96000, 32, WavBuilder.FloatTag).Data(SampleBytes.Float32(RandomFloats(8))).Chunk("cue ", RandomBytes(7))),
        };
        return builders.Select(b => (b.Name, b.Builder.Build(), b.Builder.SizeFieldOffsets.ToList())).ToList();
    }

    private sealed class FuzzResult
    {
        public volatile int Current;
        public int Done;
        public int Accepted;
        public int Rejected;
        public long LargestAllocation;
        public int LargestAllocationInput;
        public long WorstAllocationOverhead;
        public TimeSpan Elapsed;
        public List<string> Failures { get; } = [];
    }
}
