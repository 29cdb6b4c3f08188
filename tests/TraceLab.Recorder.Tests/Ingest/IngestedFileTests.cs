using TraceLab.Events;
using TraceLab.Recorder.Spool;
using TraceLab.Recorder.Tests.Support;

namespace TraceLab.Recorder.Tests.Ingest;

/// <summary>Done spool files (ingested to their end, their session ended) are deleted or archived when asked, and no
/// other file is.</summary>
public sealed class IngestedFileTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static List<IRecordedFrame> Ended() =>
        [.. SampleFrames.SessionStart(), .. SampleFrames.Statements(3, 2), new SessionEnded(SampleFrames.Header(9))];

    [Fact]
    public async Task Deletes_only_files_whose_session_ended_and_that_are_ingested_to_their_end()
    {
        await using var lab = await RecorderLab.StartAsync(configure: o => o.IngestedFiles = IngestedFileAction.Delete);
        var done = TestSpool.Write(lab.SpoolDirectory, "1-1", TestSpool.Header(), TestSpool.Block(Ended()));
        var running = TestSpool.Write(lab.SpoolDirectory, "2-2", TestSpool.Header(),
            TestSpool.Block([.. SampleFrames.SessionStart(pid: 2), .. SampleFrames.Statements(3, 2)]));
        var cutShort = TestSpool.Write(lab.SpoolDirectory, "3-3", TestSpool.Header(), TestSpool.Block(Ended()));
        var bytes = await File.ReadAllBytesAsync(cutShort, Ct);
        await File.WriteAllBytesAsync(cutShort, bytes[..^5], Ct); // its last block, with the end, not complete yet

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        summary.FilesRemoved.ShouldBe(1);
        summary.RemovedHow.ShouldBe(IngestedFileAction.Delete);
        File.Exists(done).ShouldBeFalse();
        File.Exists(running).ShouldBeTrue();
        File.Exists(cutShort).ShouldBeTrue();
        (await lab.Sessions.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)).ShouldMatch(Ended());
        (await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct)).EventsAppended.ShouldBe(0);
    }

    [Fact]
    public async Task Archives_a_done_file_without_replacing_an_archived_one_of_the_same_name()
    {
        await using var lab = await RecorderLab.StartAsync(configure: o => o.IngestedFiles = IngestedFileAction.Archive);
        var archive = Path.Combine(lab.SpoolDirectory, IngestedFileDisposal.DefaultArchiveDirectory);
        Directory.CreateDirectory(archive);
        await File.WriteAllTextAsync(Path.Combine(archive, "1-1.tlspool"), "an older file of that name", Ct);
        var done = TestSpool.Write(lab.SpoolDirectory, "1-1", TestSpool.Header(), TestSpool.Block(Ended()));
        var original = await File.ReadAllBytesAsync(done, Ct);

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        summary.FilesRemoved.ShouldBe(1);
        File.Exists(done).ShouldBeFalse();
        (await File.ReadAllTextAsync(Path.Combine(archive, "1-1.tlspool"), Ct)).ShouldBe("an older file of that name");
        (await File.ReadAllBytesAsync(Path.Combine(archive, "1-1.tlspool.2"), Ct)).ShouldBe(original);
    }

    [Fact]
    public async Task Keeps_every_file_by_default()
    {
        await using var lab = await RecorderLab.StartAsync();
        var done = TestSpool.Write(lab.SpoolDirectory, "1-1", TestSpool.Header(), TestSpool.Block(Ended()));

        (await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct)).FilesRemoved.ShouldBe(0);
        (await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct)).FilesRemoved.ShouldBe(0);

        File.Exists(done).ShouldBeTrue();
    }

    [Fact]
    public async Task Removes_a_done_file_while_following()
    {
        await using var lab = await RecorderLab.StartAsync(configure: o => o.IngestedFiles = IngestedFileAction.Delete);
        var done = TestSpool.Write(lab.SpoolDirectory, "1-1", TestSpool.Header(), TestSpool.Block(Ended()));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);

        var following = lab.Host.Ingestor.FollowAsync(lab.SpoolDirectory, TimeSpan.FromMilliseconds(50), null, stop.Token);
        for (var i = 0; i < 200 && File.Exists(done); i++)
        {
            await Task.Delay(50, Ct);
        }

        await stop.CancelAsync();
        var summary = await following;

        File.Exists(done).ShouldBeFalse();
        summary.FilesRemoved.ShouldBe(1);
        summary.EventsAppended.ShouldBe(Ended().Count);
    }
}
