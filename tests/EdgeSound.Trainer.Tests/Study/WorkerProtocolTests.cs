using EdgeSound.Trainer.Study;
using EdgeSound.Trainer.Training;
using Xunit;

namespace EdgeSound.Trainer.Tests.Study;

public class WorkerProtocolTests
{
    [Fact]
    public void A_started_line_carries_the_epochs_and_a_label_with_spaces()
    {
        var line = WorkerProtocol.Started("arch1/final", 100, "arch1/final (bright-sweep-2)");

        Assert.Equal("started arch1/final 100 arch1/final (bright-sweep-2)", line);
        Assert.Equal(new JobStarted("arch1/final", 100, "arch1/final (bright-sweep-2)"), WorkerProtocol.Parse(line));
    }

    [Fact]
    public void An_epoch_line_round_trips_its_statistics_including_the_final_models_missing_validation()
    {
        var withValidation = new EpochStats(3, 0.75, 0.6, 0.9, 0.55, 1e-3, 12.5);
        var final = new EpochStats(100, 0.1, 0.97, double.NaN, double.NaN, 1e-5, 3.25);

        var parsed = WorkerProtocol.Parse(WorkerProtocol.Epoch("arch1/bright-sweep-1/fold-2", withValidation));
        var parsedFinal = WorkerProtocol.Parse(WorkerProtocol.Epoch("arch1/final", final));

        Assert.Equal(new JobEpoch("arch1/bright-sweep-1/fold-2", withValidation), parsed);
        var finalEpoch = Assert.IsType<JobEpoch>(parsedFinal);
        Assert.True(double.IsNaN(finalEpoch.Stats.ValidationLoss) && double.IsNaN(finalEpoch.Stats.ValidationAccuracy));
        Assert.Equal((100, 0.1, 0.97, 1e-5, 3.25), (finalEpoch.Stats.Epoch, finalEpoch.Stats.TrainLoss, finalEpoch.Stats.TrainAccuracy, finalEpoch.Stats.LearningRate, finalEpoch.Stats.Seconds));
    }

    [Fact]
    public void Done_and_failed_lines_name_their_job_and_a_failure_stays_on_one_line()
    {
        Assert.Equal(new JobDone("arch1/final"), WorkerProtocol.Parse(WorkerProtocol.Done("arch1/final")));

        var line = WorkerProtocol.Failed("arch1/t/fold-3", "out of memory\n  while allocating\r\n");

        Assert.DoesNotContain('\n', line);
        Assert.Equal(new JobFailed("arch1/t/fold-3", "out of memory | while allocating"), WorkerProtocol.Parse(line));
    }

    [Theory]
    [InlineData("")]
    [InlineData("done")]
    [InlineData("done arch1/final extra")]
    [InlineData("started arch1/final many epochs")]
    [InlineData("epoch arch1/final {not json")]
    [InlineData("[W NNPACK.cpp:64] Could not initialize NNPACK")]
    public void Lines_that_are_not_protocol_are_not_taken_for_messages(string line)
    {
        Assert.Null(WorkerProtocol.Parse(line));
    }

    [Theory]
    [InlineData("")]
    [InlineData("arch 1/final")]
    public void A_key_that_cannot_travel_on_one_line_is_refused(string key)
    {
        Assert.Throws<ArgumentException>(() => WorkerProtocol.Done(key));
    }
}

public class JobQueueTests
{
    private static StudyJob Job(string key, params string[] dependsOn) => new(key, key, "/run/" + key, dependsOn);

    private static readonly StudyJob[] TwoSweeps =
    [
        Job("a/t1/fold-2"), Job("a/t1/fold-3"), Job("a/final", "a/t1/fold-2", "a/t1/fold-3"),
        Job("b/t1/fold-2"), Job("b/final", "b/t1/fold-2"),
    ];

    private static string Take(JobQueue queue) => queue.TryTake(out var job) ? job.Key : "(none)";

    [Fact]
    public void Jobs_go_out_in_plan_order_and_a_final_waits_for_its_fold_models_while_the_next_sweep_proceeds()
    {
        var queue = new JobQueue(TwoSweeps, []);

        Assert.Equal("a/t1/fold-2", Take(queue));
        Assert.Equal("a/t1/fold-3", Take(queue));
        Assert.Equal("b/t1/fold-2", Take(queue)); // a/final still waits for both folds
        Assert.Equal("(none)", Take(queue));
        queue.MarkDone("a/t1/fold-2");
        Assert.Equal("(none)", Take(queue));
        queue.MarkDone("a/t1/fold-3");
        Assert.Equal("a/final", Take(queue));
        queue.MarkDone("b/t1/fold-2");
        Assert.Equal("b/final", Take(queue));
        Assert.False(queue.IsComplete);
        queue.MarkDone("a/final");
        queue.MarkDone("b/final");
        Assert.True(queue.IsComplete);
    }

    [Fact]
    public void Finished_jobs_are_not_handed_out_again_and_count_as_met_dependencies()
    {
        var queue = new JobQueue(TwoSweeps, ["a/t1/fold-2", "a/t1/fold-3", "a/final"]);

        Assert.Equal(2, queue.PendingCount);
        Assert.Equal("b/t1/fold-2", Take(queue));
        Assert.Equal("(none)", Take(queue));
    }

    [Fact]
    public void A_dependency_outside_the_plan_and_an_unexpected_done_are_refused()
    {
        Assert.Throws<ArgumentException>(() => new JobQueue([Job("a/final", "a/t9/fold-2")], []));
        var queue = new JobQueue(TwoSweeps, []);
        Assert.Throws<InvalidOperationException>(() => queue.MarkDone("a/t1/fold-2"));
    }
}
