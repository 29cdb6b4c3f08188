using TraceLab.Events;
using TraceLab.Recorder.Tests.Support;
using TraceLab.Store;

namespace TraceLab.Recorder.Tests.Store;

/// <summary>Events an older Recorder stored (one event per frame, without the properties added since) still load with
/// their defaults.</summary>
public sealed class StoredEventCompatibilityTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Loads_a_statement_stored_before_probe_0_4_without_its_plpgsql_statement()
    {
        await using var lab = await RecorderLab.StartAsync();
        var statement = SampleFrames.OneOf<StatementStarted>();
        await LegacyStream.AppendAsync(lab, "1-1", [SampleFrames.SessionStarted(), statement]);

        await StoredJson.RemovePropertiesAsync(lab, "mt_events", "Plpgsql");

        var loaded = (await ReadBackAsync(lab, "1-1")).OfType<StatementStarted>().Single();
        loaded.ShouldMatch(statement with { Plpgsql = null });
    }

    [Fact]
    public async Task Loads_a_session_end_stored_before_abnormal_ends_as_a_normal_end()
    {
        await using var lab = await RecorderLab.StartAsync();
        await LegacyStream.AppendAsync(lab, "1-1", [SampleFrames.SessionStarted(), new SessionEnded(SampleFrames.Header(2))]);

        await StoredJson.RemovePropertiesAsync(lab, "mt_events", "Abnormal");

        (await ReadBackAsync(lab, "1-1")).OfType<SessionEnded>().ShouldHaveSingleItem().Abnormal.ShouldBeFalse();
        (await lab.Sessions.FindSessionAsync("1-1", Ct)).ShouldNotBeNull().State.ShouldBe(SessionState.Ended);
    }

    private static async Task<List<IRecordedFrame>> ReadBackAsync(RecorderLab lab, string sessionId)
    {
        await using var store = TraceLabStore.Create(TestDatabase.ConnectionString, lab.SchemaName);
        return await new RecordedSessionReader(store).ReadEventsAsync(sessionId, Ct).ToListAsync(Ct);
    }
}
