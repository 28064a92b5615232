using System.Text.RegularExpressions;
using EdgeSound.Trainer.Sweeps;
using Xunit;

namespace EdgeSound.Trainer.Tests.Sweeps;

public class TrialNamesTests
{
    [Fact]
    public void Names_look_like_wandb_sweep_runs_and_end_with_the_trial_index()
    {
        for (int trial = 1; trial <= 30; trial++)
        {
            string name = TrialNames.For(seed: 5, trial);
            Assert.Matches(new Regex($"^[a-z]+-sweep-{trial}$"), name);
            Assert.Contains(name[..name.IndexOf('-')], TrialNames.Adjectives);
        }
    }

    [Fact]
    public void Names_are_reproducible_from_the_seed_and_vary_between_seeds()
    {
        var first = Enumerable.Range(1, 20).Select(i => TrialNames.For(11, i)).ToList();
        var again = Enumerable.Range(1, 20).Select(i => TrialNames.For(11, i)).ToList();
        var other = Enumerable.Range(1, 20).Select(i => TrialNames.For(12, i)).ToList();

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.True(first.Select(n => n[..n.IndexOf('-')]).Distinct().Count() > 10, "adjectives should vary between trials");
    }
}
