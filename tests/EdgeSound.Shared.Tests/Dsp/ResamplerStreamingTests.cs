using EdgeSound.Shared.Dsp;
using EdgeSound.Shared.Tests.Support;
using Xunit;
using static EdgeSound.Shared.Tests.Dsp.ResamplerTestSignals;

namespace EdgeSound.Shared.Tests.Dsp;

/// <summary>A stream fed in any chunks gives exactly the one-shot output, without allocating.</summary>
public sealed class ResamplerStreamingTests
{
    public static TheoryData<int, int, int> PairsAndSeeds => new()
    {
        { 44100, 16000, 1 }, { 44100, 16000, 2 }, { 48000, 16000, 3 }, { 8000, 16000, 4 },
        { 16000, 22050, 5 }, { 44100, 48000, 6 }, { 48000, 44100, 7 }, { 96000, 8000, 8 }, { 16000, 16000, 9 },
    };

    [Theory]
    [MemberData(nameof(PairsAndSeeds))]
    public void Random_chunks_including_empty_and_single_samples_reproduce_the_one_shot_output_bit_for_bit(
        int inputRate, int outputRate, int seed)
    {
        var resampler = new Resampler(inputRate, outputRate);
        var input = Noise(inputRate / 5 + seed, seed);
        var random = new Random(seed);
        var expected = resampler.Process(input);

        // Start with an empty and a one-sample chunk, so both happen with nothing yet buffered.
        var chunks = new List<int> { 0, 1 };
        for (var position = 1; position < input.Length;)
        {
            // Mostly small and odd sizes, with empty and one-sample chunks forced in, and now and then a big one.
            var size = random.Next(10) switch
            {
                0 => 0,
                1 => 1,
                2 => random.Next(1000, 5000),
                _ => random.Next(2, 300),
            };
            size = Math.Min(size, input.Length - position);
            chunks.Add(size);
            position += size;
        }
        Assert.Contains(0, chunks);
        Assert.Contains(1, chunks);

        var actual = StreamInChunks(new StreamingResampler(resampler), input, chunks);

        Assert.True(BitIdentical(expected, actual),
            $"{inputRate}->{outputRate} seed {seed}: streaming output ({actual.Length} samples) differs from one-shot ({expected.Length}).");
    }

    [Theory]
    [InlineData(44100, 16000)]
    [InlineData(16000, 22050)]
    [InlineData(8000, 48000)]
    public void Whole_input_and_one_sample_at_a_time_reproduce_the_one_shot_output_bit_for_bit(int inputRate, int outputRate)
    {
        var resampler = new Resampler(inputRate, outputRate);
        var input = Noise(inputRate / 10, seed: 42);
        var expected = resampler.Process(input);

        var whole = StreamInChunks(new StreamingResampler(resampler), input, [input.Length]);
        var single = StreamInChunks(new StreamingResampler(resampler), input, Enumerable.Repeat(1, input.Length).ToList());

        Assert.True(BitIdentical(expected, whole), "one chunk differs from one-shot");
        Assert.True(BitIdentical(expected, single), "one-sample chunks differ from one-shot");
    }

    [Fact]
    public void Reset_and_flush_start_a_new_stream_that_repeats_the_first_exactly()
    {
        var stream = new StreamingResampler(new Resampler(44100, 16000));
        var first = Noise(5000, seed: 7);
        var second = Noise(3000, seed: 8);

        // Half-fed and abandoned by Reset, then a full stream, then another right after Flush.
        var buffer = new float[stream.MaxOutputLength(first.Length)];
        stream.Process(first, buffer);
        stream.Reset();
        var afterReset = StreamInChunks(stream, first, [1234, 3766]);
        var afterFlush = StreamInChunks(stream, second, [second.Length]);

        Assert.True(BitIdentical(Resampler.Resample(first, 44100, 16000), afterReset));
        Assert.True(BitIdentical(Resampler.Resample(second, 44100, 16000), afterFlush));
    }

    [Fact]
    public void Process_writes_nothing_until_the_look_ahead_is_filled_and_flush_emits_the_rest()
    {
        var resampler = new Resampler(48000, 16000);
        var stream = new StreamingResampler(resampler);
        var output = new float[stream.MaxOutputLength(100) + stream.MaxFlushLength];

        var written = stream.Process(Noise(100, seed: 3), output);
        var flushed = stream.Flush(output.AsSpan(written));

        Assert.Equal(0, written);
        Assert.Equal(resampler.OutputLength(100), flushed);
    }

    [Fact]
    public void Process_refuses_an_output_span_too_short_for_the_samples_now_due()
    {
        var stream = new StreamingResampler(new Resampler(16000, 48000));
        var input = Noise(16000, seed: 5);

        var error = Assert.Throws<ArgumentException>(() => stream.Process(input, new float[100]));

        Assert.Contains("100", error.Message);
        Assert.Contains("MaxOutputLength", error.Message);
    }

    [Theory]
    [InlineData(44100, 16000)]
    [InlineData(16000, 22050)]
    public void Process_allocates_nothing_in_steady_state(int inputRate, int outputRate)
    {
        var stream = new StreamingResampler(new Resampler(inputRate, outputRate));
        var input = Noise(4096, seed: 11);
        var output = new float[stream.MaxOutputLength(input.Length)];
        int[] chunkSizes = [0, 1, 17, 480, 4096, 1023];

        var allocated = Allocations.SteadyStateBytes(() =>
        {
            for (var round = 0; round < 50; round++)
                foreach (var size in chunkSizes)
                    stream.Process(input.AsSpan(0, size), output);
        });

        Assert.Equal(0, allocated);
    }

    /// <summary>
    /// Feeds the chunks with output spans of exactly MaxOutputLength / MaxFlushLength, so a call that
    /// wrote more than it promised would throw, and concatenates what the stream wrote.
    /// </summary>
    private static float[] StreamInChunks(StreamingResampler stream, float[] input, IReadOnlyList<int> chunks)
    {
        var result = new List<float>();
        var position = 0;
        foreach (var size in chunks)
        {
            var output = new float[stream.MaxOutputLength(size)];
            var written = stream.Process(input.AsSpan(position, size), output);
            result.AddRange(output.AsSpan(0, written));
            position += size;
        }
        Assert.Equal(input.Length, position);
        var tail = new float[stream.MaxFlushLength];
        var flushed = stream.Flush(tail);
        result.AddRange(tail.AsSpan(0, flushed));
        return result.ToArray();
    }
}
