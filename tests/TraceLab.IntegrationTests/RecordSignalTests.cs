using System.Globalization;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using TraceLab.IntegrationTests.Support;
using TraceLab.Recorder.Spool;
using TraceLab.Store;

namespace TraceLab.IntegrationTests;

/// <summary>SIGTERM and SIGINT sent to a real <c>tracelab record</c> process: <c>--once</c> stops without losing
/// anything, <c>--follow</c> ends normally.</summary>
public sealed class RecordSignalTests(TestCluster cluster)
{
    private static readonly string Golden = Path.Combine(CheckoutRoot.Path, "tests", "TraceLab.Recorder.Tests", "Golden");

    [Fact]
    public async Task Record_once_stopped_by_SIGTERM_exits_143_with_one_line_and_a_rerun_ingests_the_rest_exactly_once()
    {
        // Given a spool directory of 600 sessions, ingested in name order
        using var spool = SpoolOf(600, out var ids, out var expected);
        var store = new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore };
        await using var events = TraceLabStore.Create(cluster.EventStore);
        var reader = new RecordedSessionReader(events);

        // When record --once gets SIGTERM once its first session is committed
        await using var record = CliProcess.Start(store, "record", "--once", "--spool", spool.Path);
        await WaitUntilAsync(async () => record.HasExited || await reader.FindSessionAsync(ids[0]) is not null);
        record.HasExited.ShouldBeFalse("record ended before it was signalled; it needs more spool files to stay busy");
        record.Signal(PosixSignal.SIGTERM);
        var stopped = await record.WaitAsync();

        // Then it stops with 143 and one line, no trace, and part of the directory is in the store
        stopped.ExitCode.ShouldBe(143, stopped.Error);
        stopped.Error.ShouldBe("record: interrupted; what was ingested is kept, run it again to continue\n");
        var kept = await CountAsync(reader, ids);
        kept.ShouldBeGreaterThan(0);
        kept.ShouldBeLessThan(expected);

        // And a rerun ingests the rest, nothing twice
        var rerun = await CliProcess.RunAsync(store, "record", "--once", "--spool", spool.Path);
        rerun.ExitCode.ShouldBe(0, rerun.Error);
        rerun.Output.ShouldContain(string.Create(CultureInfo.InvariantCulture, $"ingested {expected - kept} events from "));
        (await CountAsync(reader, ids)).ShouldBe(expected);
    }

    [Fact]
    public async Task Record_follow_ends_on_SIGTERM_with_its_summary_and_exit_code_0()
    {
        // Given a spool directory that record --follow has ingested
        using var spool = SpoolOf(3, out var ids, out var expected);
        var store = new Dictionary<string, string> { ["TRACELAB_CONNECTION"] = cluster.EventStore };
        await using var events = TraceLabStore.Create(cluster.EventStore);
        var reader = new RecordedSessionReader(events);
        await using var follow = CliProcess.Start(store, "record", "--follow", "--spool", spool.Path);
        await WaitUntilAsync(async () => follow.HasExited || await CountAsync(reader, ids) == expected);

        // When it gets SIGTERM
        follow.Signal(PosixSignal.SIGTERM);
        var ended = await follow.WaitAsync();

        // Then it ends normally with the summary of the whole run
        ended.ExitCode.ShouldBe(0, ended.Error);
        ended.Error.ShouldBeEmpty();
        ended.Output.TrimEnd().Split('\n')[^1].ShouldBe(
            string.Create(CultureInfo.InvariantCulture, $"ingested {expected} events from 3 of 3 spool files"));
    }

    /// <summary>A directory of <paramref name="count"/> copies of the golden recordings under fresh session ids, named so
    /// that <paramref name="ids"/>[0] is ingested first.</summary>
    private static TemporarySpool SpoolOf(int count, out List<string> ids, out long events)
    {
        var spool = new TemporarySpool();
        var stamp = RandomNumberGenerator.GetInt32(1_000_000, int.MaxValue);
        var golden = Directory.GetFiles(Golden, "*.tlspool").Order(StringComparer.Ordinal).ToList();
        ids = [.. Enumerable.Range(1, count).Select(n => string.Create(CultureInfo.InvariantCulture, $"{stamp}-{n:D6}"))];
        for (var i = 0; i < count; i++)
        {
            File.Copy(golden[i % golden.Count], System.IO.Path.Combine(spool.Path, ids[i] + SpoolFileReader.FileExtension));
        }

        events = Directory.GetFiles(spool.Path).Sum(f => (long)new SpoolFileReader(f).ReadBlocks().Sum(b => b.Events.Count));
        return spool;
    }

    private static async Task<long> CountAsync(RecordedSessionReader reader, List<string> ids)
    {
        var mine = ids.ToHashSet(StringComparer.Ordinal);
        var sessions = await reader.ListSessionsAsync(TestContext.Current.CancellationToken);
        return sessions.Where(s => mine.Contains(s.SessionId)).Sum(s => s.EventCount);
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        while (!await condition())
        {
            await Task.Delay(TimeSpan.FromMilliseconds(20), timeout.Token);
        }
    }

    /// <summary>A spool directory deleted at the end of the test.</summary>
    private sealed class TemporarySpool : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("tracelab-signal-spool-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
