using TraceLab.Events;
using TraceLab.Recorder.Tests.Support;
using TraceLab.Store;

namespace TraceLab.Recorder.Tests.Store;

/// <summary>Every event a spool file can hold, version 1 or 2, comes back out of the Marten event store (JSON in
/// PostgreSQL) equal to what was decoded, nested lists, optional records and nulls included.</summary>
public sealed class EventStoreRoundTripTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Reads_back_every_event_of_version_2_spool_files_equal()
    {
        await using var lab = await RecorderLab.StartAsync();
        var oneOfEach = SampleFrames.OneOfEach();
        var variants = SampleFrames.Variants();
        TestSpool.Write(lab.SpoolDirectory, "12345-1795889206123456",
            TestSpool.Header(), TestSpool.Block(oneOfEach.Take(11)), TestSpool.Block(oneOfEach.Skip(11)));
        TestSpool.Write(lab.SpoolDirectory, "4243-1795889206123456", TestSpool.Header(), TestSpool.Block(variants));

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        summary.ShouldBe(new SpoolIngestSummaryShape(2, 2, oneOfEach.Count + variants.Count, 0), summary.Errors);
        oneOfEach.Select(f => f.GetType()).ShouldBe(RecordedEventTypes.All, ignoreOrder: true);
        (await ReadBackAsync(lab, "12345-1795889206123456")).ShouldMatch(oneOfEach);
        (await ReadBackAsync(lab, "4243-1795889206123456")).ShouldMatch(variants);
    }

    [Fact]
    public async Task Reads_back_the_events_of_a_version_1_spool_file_with_their_defaults()
    {
        await using var lab = await RecorderLab.StartAsync();
        List<IRecordedFrame> frames =
        [
            SampleFrames.SessionStarted() with { FormatVersion = 1, HookMode = "" },
            SampleFrames.RoleDescribed(2),
            SampleFrames.OneOf<FunctionDescribed>(),
            SampleFrames.Table(4),
            SampleFrames.QueryAnalyzed(7),
            SampleFrames.OneOf<StatementStarted>(),
            SampleFrames.EventTriggerCall(13),
            SampleFrames.OneOf<SessionEnded>(),
        ];
        TestSpool.Write(lab.SpoolDirectory, "1-1",
            TestSpool.Header(), TestSpool.Block([.. frames.Select(FrameEncoder.EncodeVersion1)]));

        var summary = await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);

        summary.ShouldBe(new SpoolIngestSummaryShape(1, 1, frames.Count, 0), summary.Errors);
        var events = await ReadBackAsync(lab, "1-1");
        events.ShouldMatch(frames.Select(SampleFrames.AsVersion1));
        events.OfType<RoleDescribed>().Single().MemberOf.ShouldBeNull();
        events.OfType<RelationDescribed>().Single().Code.ShouldBeNull();
        events.OfType<FunctionEntered>().Single().EventTrigger.ShouldNotBeNull().Triggers.ShouldBeNull();
    }

    [Fact]
    public async Task Reads_a_call_stored_before_calls_had_an_inlined_field_as_a_call_that_ran()
    {
        await using var lab = await RecorderLab.StartAsync();
        var call = SampleFrames.InlinedCall(2);
        await LegacyStream.AppendAsync(lab, "1-1", [SampleFrames.SessionStarted(), call]);

        // Given: the stored JSON as a recorder that did not know the field wrote it (one event per frame)
        var stored = await RemoveStoredPropertyAsync(lab, "function_entered", nameof(FunctionEntered.Inlined));

        // Then: it reads back with the field's default
        stored.ShouldNotContain("16501");
        (await ReadBackAsync(lab, "1-1")).OfType<FunctionEntered>().Single().ShouldMatch(call with { Inlined = null });
    }

    /// <summary>Removes a property (in any letter case) from the stored data of every event of one type; returns the
    /// data as stored afterwards.</summary>
    private static async Task<string> RemoveStoredPropertyAsync(RecorderLab lab, string eventType, string property)
    {
        await using var connection = new Npgsql.NpgsqlConnection(TestDatabase.ConnectionString);
        await connection.OpenAsync(Ct);
        await using var command = new Npgsql.NpgsqlCommand(
            $"""
            UPDATE {lab.SchemaName}.mt_events e SET data = (
                SELECT jsonb_object_agg(key, value) FROM jsonb_each(e.data) WHERE lower(key) <> lower(@property))
            WHERE type = @type
            RETURNING data::text
            """,
            connection);
        command.Parameters.AddWithValue("property", property);
        command.Parameters.AddWithValue("type", eventType);
        return (string)(await command.ExecuteScalarAsync(Ct) ?? throw new InvalidOperationException($"No {eventType} event was stored."));
    }

    /// <summary>Reads a session through a store of its own, as the Replayer does, so nothing comes from the
    /// Recorder's session.</summary>
    private static async Task<List<IRecordedFrame>> ReadBackAsync(RecorderLab lab, string sessionId)
    {
        await using var store = TraceLabStore.Create(TestDatabase.ConnectionString, lab.SchemaName);
        return await new RecordedSessionReader(store).ReadEventsAsync(sessionId, Ct).ToListAsync(Ct);
    }
}
