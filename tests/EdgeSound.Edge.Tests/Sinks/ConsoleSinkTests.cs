using EdgeSound.Edge.Pipeline;
using EdgeSound.Edge.Sinks;
using EdgeSound.Shared.Smoothing;
using Xunit;

namespace EdgeSound.Edge.Tests.Sinks;

public sealed class ConsoleSinkTests
{
    private static readonly LiveStatus Status = new(
        StreamSeconds: 12.34,
        LevelDbfs: -30,
        Top: [new("dog", 0.81f), new("rain", 0.1f), new("crackling_fire", 0.05f), new("clock_tick", 0.04f)],
        DroppedSamples: 0);

    [Fact]
    public void Redirected_output_has_one_plain_line_per_detection_and_no_escape_codes()
    {
        var output = new StringWriter { NewLine = "\n" };
        using (var sink = new ConsoleSink(output, isTerminal: false))
        {
            sink.OnStatus(Status);
            sink.OnDetection(SampleDetections.Dog);
            sink.OnStatus(Status);
            sink.OnDetection(SampleDetections.Dog with { Label = "rain", Confidence = 0.5f, StartSeconds = 20, EndSeconds = 21, LevelDbfs = double.NegativeInfinity });
        }

        Assert.Equal(
            "2026-11-24T09:14:48.123Z dog 0.93 12.50-13.50 s -23.4 dBFS\n" +
            "2026-11-24T09:14:48.123Z rain 0.50 20.00-21.00 s silence\n",
            output.ToString());
    }

    [Fact]
    public void A_terminal_gets_a_live_line_rewritten_in_place_and_a_persistent_line_per_detection()
    {
        var output = new StringWriter();
        var sink = new ConsoleSink(output, isTerminal: true, new ConsoleSinkSettings(MeterFloorDbfs: -60, MeterWidth: 20, TopLabels: 3));

        sink.OnStatus(Status);
        string live = output.ToString();
        sink.OnDetection(SampleDetections.Dog);
        sink.OnStatus(Status with { StreamSeconds = 13, LevelDbfs = -6 });
        sink.Dispose();

        // -30 dBFS on a -60..0 meter of 20 cells: half full. Only the top 3 labels.
        const string clear = "\r\u001b[K";
        Assert.Equal(clear + "    12.3 s [##########..........] -30.0 dBFS  dog 0.81  rain 0.10  crackling_fire 0.05", live);
        Assert.Equal(
            live +
            clear + "2026-11-24T09:14:48.123Z dog 0.93 12.50-13.50 s -23.4 dBFS\n" +
            clear + "    13.0 s [##################..] -6.0 dBFS  dog 0.81  rain 0.10  crackling_fire 0.05" +
            "\n",
            output.ToString());
    }

    [Fact]
    public void The_live_line_reports_dropped_samples_and_clamps_the_meter()
    {
        var output = new StringWriter();
        using var sink = new ConsoleSink(output, isTerminal: true, new ConsoleSinkSettings(MeterWidth: 4, TopLabels: 1));

        sink.OnStatus(Status with { LevelDbfs = -90, DroppedSamples = 480 });

        Assert.EndsWith("[....] -90.0 dBFS  dog 0.81  dropped 480 samples", output.ToString());
    }

    [Fact]
    public void The_live_line_allocates_nothing_per_hop()
    {
        using var sink = new ConsoleSink(TextWriter.Null, isTerminal: true);

        // Unoptimised (tier-0) code may box; the JIT recompiles hot methods in the background after
        // 30 calls, so measure rounds until the optimised code runs, and take the best round.
        long fewest = long.MaxValue;
        for (int round = 0; round < 30 && fewest > 0; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++) sink.OnStatus(Status);
            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
            if (fewest > 0) Thread.Sleep(50);
        }

        Assert.Equal(0, fewest);
    }
}
