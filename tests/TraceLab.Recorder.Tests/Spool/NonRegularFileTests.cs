using TraceLab.Recorder.Spool;
using TraceLab.Recorder.Tests.Support;

namespace TraceLab.Recorder.Tests.Spool;

/// <summary>A named pipe, or anything else that is not a regular file, with a spool or start file's name is reported at
/// once and never opened for a blocking read (it made <c>record --once</c> hang forever).</summary>
public sealed class NonRegularFileTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);
    private readonly TestDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task A_named_pipe_named_like_a_spool_file_is_reported_without_waiting_for_a_writer()
    {
        var path = NamedPipe.Create(Path.Combine(directory.Path, "1-1.tlspool"));

        var e = await Should.ThrowAsync<SpoolException>(
            Task.Run(() => new SpoolFileReader(path).ReadBlocks().ToList(), TestContext.Current.CancellationToken)
                .WaitAsync(Bound, TestContext.Current.CancellationToken));

        e.Message.ShouldBe($"file \"{path}\" is not a regular file");
        e.Detail.ShouldBe($"\"{path}\" is a named pipe (FIFO); the Recorder reads only regular files and did not open it.");
        e.Hint.ShouldBe("Keep only files written by the tracelab_probe extension in the spool directory.");
        e.IsFileDamaged.ShouldBeTrue();
    }

    [Fact]
    public async Task A_named_pipe_named_like_a_server_start_file_is_reported_without_waiting_for_a_writer()
    {
        var path = NamedPipe.Create(Path.Combine(directory.Path, "1-1" + ServerStartFileReader.FileExtension));
        var good = TestSpool.WriteServerStart(directory.Path, 7, 1_795_889_206_123_456);

        var files = await Task.Run(() => ServerStartFileReader.ReadDirectory(directory.Path), TestContext.Current.CancellationToken)
            .WaitAsync(Bound, TestContext.Current.CancellationToken);

        files.Starts.ShouldHaveSingleItem().Path.ShouldBe(good);
        files.Errors.ShouldHaveSingleItem().Message.ShouldBe($"file \"{path}\" is not a regular file");
    }

    [Fact]
    public async Task A_named_pipe_with_a_writer_is_not_read_either()
    {
        var path = NamedPipe.Create(Path.Combine(directory.Path, "1-1.tlspool"));
        using var writer = new FileStream(path, new FileStreamOptions { Mode = FileMode.Open, Access = FileAccess.ReadWrite });

        await Should.ThrowAsync<SpoolException>(
            Task.Run(() => new SpoolFileReader(path).ReadBlocks().ToList(), TestContext.Current.CancellationToken)
                .WaitAsync(Bound, TestContext.Current.CancellationToken));
    }

    [Fact]
    public void A_symbolic_link_to_a_regular_file_is_read()
    {
        var target = TestSpool.Write(directory.Path, "target", TestSpool.Header(), TestSpool.Block(SampleFrames.SessionStart()));
        var link = Path.Combine(directory.Path, "1-1.tlspool");
        File.CreateSymbolicLink(link, target);

        new SpoolFileReader(link).ReadBlocks().SelectMany(b => b.Events).Count().ShouldBe(2);
    }
}
