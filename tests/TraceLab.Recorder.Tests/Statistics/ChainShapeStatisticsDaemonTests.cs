using Marten;
using TraceLab.Recorder.Tests.Support;
using TraceLab.Replayer;
using TraceLab.Statistics;

namespace TraceLab.Recorder.Tests.Statistics;

/// <summary>The statistics as the Recorder host's async daemon keeps them, on a real event store: a probe recording
/// (the golden attack through a view), stored in batches so small that its statements span several of them, and
/// ingested from a spool directory.</summary>
public sealed class ChainShapeStatisticsDaemonTests : IAsyncLifetime
{
    private static readonly string Golden = Path.Combine(AppContext.BaseDirectory, "Golden", "attack-view.tlspool");

    private RecorderLab lab = null!;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync() => lab = await RecorderLab.StartAsync();

    public ValueTask DisposeAsync() => lab.DisposeAsync();

    [Fact]
    public async Task The_statistics_hold_the_shapes_a_replay_finds_whatever_the_batch_boundaries()
    {
        // Given the recording stored two frames per batch
        const string session = "4242-1";
        (await SmallBatches.AppendAsync(lab, session, Golden, framesPerBatch: 2)).ShouldBeGreaterThan(5);

        // When the daemon has caught up
        var statistics = await CaughtUpStatisticsAsync();

        // Then every shape of the replay is there, with the replay's number of operations, in one session
        var replayed = await new ReplayEngine([]).ReplayAsync([new RecordedSession(session, lab.Sessions.ReadEventsAsync(session, Ct))], Ct);
        statistics.ToDictionary(s => s.Id, s => s.Operations)
            .ShouldBe(replayed.Shapes.ToDictionary(s => s.Shape.Text, s => s.Operations), ignoreOrder: true);
        statistics.SelectMany(s => s.Counts).ShouldAllBe(c => c.Sessions == 1 && c.ExampleSession == session);
        var alter = statistics.Single(s => s.Command == "ALTER ROLE");
        alter.Id.ShouldStartWith("ALTER ROLE: statement(");
        alter.Counts.ShouldHaveSingleItem().Database.ShouldNotBeEmpty();
    }

    [Fact]
    public async Task A_second_session_adds_to_the_counts_and_a_rerun_adds_nothing()
    {
        // Given the recording counted once
        await RecordAsync("4242-1");
        var once = (await CaughtUpStatisticsAsync()).ToDictionary(s => s.Id);

        // When the same recording arrives as a second session, and ingestion runs again with nothing new
        await RecordAsync("4242-2");
        await RecordAsync(null);
        var twice = (await CaughtUpStatisticsAsync()).ToDictionary(s => s.Id);

        // Then every count doubled, and the example is still the first session
        twice.Keys.ShouldBe(once.Keys, ignoreOrder: true);
        foreach (var (id, first) in once)
        {
            twice[id].Operations.ShouldBe(2 * first.Operations);
            twice[id].Counts.Select(c => (c.Role, c.Database, c.Operations, c.Sessions, c.ExampleSession))
                .ShouldBe(first.Counts.Select(c => (c.Role, c.Database, 2 * c.Operations, 2L, "4242-1")));
        }
    }

    /// <summary>Copies the golden recording into the spool directory as session <paramref name="sessionId"/> (none:
    /// nothing new) and ingests.</summary>
    private async Task<string> RecordAsync(string? sessionId)
    {
        if (sessionId is not null)
        {
            File.Copy(Golden, Path.Combine(lab.SpoolDirectory, sessionId + ".tlspool"));
        }

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);
        summary.Errors.ShouldBeEmpty();
        return sessionId ?? "";
    }

    private async Task<IReadOnlyList<ChainShapeStatistics>> CaughtUpStatisticsAsync()
    {
        var progress = await StatisticsCatchUp.WaitAsync(lab.Store, TimeProvider.System, TimeSpan.FromSeconds(30), Ct);
        progress.Behind.ShouldBe(0);
        await using var query = lab.Store.QuerySession();
        var statistics = await query.Query<ChainShapeStatistics>().ToListAsync(Ct);
        statistics.ShouldNotBeEmpty();
        return statistics;
    }
}
