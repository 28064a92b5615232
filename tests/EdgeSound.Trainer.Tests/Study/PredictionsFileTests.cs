using EdgeSound.Trainer.Study;
using EdgeSound.Trainer.Training;
using Xunit;

namespace EdgeSound.Trainer.Tests.Study;

public sealed class PredictionsFileTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-predictions-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Names_with_commas_and_quotes_survive_a_round_trip_with_exact_probabilities()
    {
        string[] classes = ["dog, barking", "rain \"heavy\""];
        var saved = new ClipPredictions(["a,1.wav", "b.wav"], [0, 0], [0.7f, 0.3f, 0.123456789f, 0.876543211f], classes.Length);
        var path = Path.Combine(_folder.FullName, "test_predictions.csv");

        PredictionsFile.Write(path, saved, classes);
        var read = PredictionsFile.Read(path, classes);

        Assert.Equal(saved.ClipNames, read.ClipNames);
        Assert.Equal(saved.Truth, read.Truth);
        for (int i = 0; i < saved.Count; i++)
            Assert.Equal(saved.ProbabilitiesOf(i).ToArray(), read.ProbabilitiesOf(i).ToArray());
        Assert.Equal(0.5, read.Accuracy()); // the second clip is a dog scored as rain
    }
}
