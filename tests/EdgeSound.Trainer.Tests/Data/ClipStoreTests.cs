using EdgeSound.Shared.Audio;
using EdgeSound.Shared.Data;
using EdgeSound.Trainer.Data;
using Xunit;

namespace EdgeSound.Trainer.Tests.Data;

public sealed class ClipStoreTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgesound-clipstore-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void A_broken_wav_stops_the_load_with_the_readers_error_naming_the_file()
    {
        foreach (var label in new[] { "a", "b" })
        {
            var classFolder = Directory.CreateDirectory(Path.Combine(_folder.FullName, label)).FullName;
            for (int i = 0; i < 4; i++)
                WavWriter.WritePcm16(Path.Combine(classFolder, $"{label}{i}.wav"), new float[1600], 16000);
        }
        var broken = Path.Combine(_folder.FullName, "b", "b2.wav");
        File.WriteAllBytes(broken, [1, 2, 3, 4]);
        var index = FolderDatasetReader.Read(_folder.FullName, foldCount: 2);

        var error = Assert.Throws<WavFormatException>(() => ClipStore.Load(index, 16000));

        Assert.Contains(broken, error.Message);
    }
}
