namespace TraceLab.Recorder.Tests.Support;

/// <summary>A fresh temporary directory, deleted on dispose.</summary>
internal sealed class TestDirectory : IDisposable
{
    public TestDirectory()
    {
        Path = Directory.CreateTempSubdirectory("tracelab-recorder-tests-").FullName;
    }

    public string Path { get; }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
