using TraceLab.Events;
using TraceLab.Recorder.Tests.Support;
using TraceLab.Store;
using TraceLab.Traces;

namespace TraceLab.Recorder.Tests.Traces;

/// <summary>Trace files against a real event store: exported sessions read back and import exactly as stored, and a
/// damaged, truncated or foreign file is refused as a whole.</summary>
public sealed class TraceFileTests : IDisposable
{
    private static readonly DateTimeOffset CreatedAt = new(2026, 12, 6, 12, 0, 0, TimeSpan.Zero);
    private readonly TestDirectory directory = new();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string TracePath => Path.Combine(directory.Path, "sessions.tltrace");

    public void Dispose() => directory.Dispose();

    [Fact]
    public async Task Reads_back_every_frame_of_batches_and_of_events_stored_one_per_frame()
    {
        await using var lab = await RecorderLab.StartAsync(maxEventsPerBatch: 4);
        List<IRecordedFrame> batched = [.. SampleFrames.SessionStart(), .. SampleFrames.Statements(3, 5)];
        TestSpool.Write(lab.SpoolDirectory, "1-1", TestSpool.Header(),
            TestSpool.Block(batched[..6]), TestSpool.Block(batched[6..]));
        await lab.Host.Ingestor.IngestOnceAsync(lab.SpoolDirectory, Ct);
        var legacy = SampleFrames.OneOfEach();
        await LegacyStream.AppendAsync(lab, "2-2", legacy);

        var trace = await ExportAsync(lab);

        (await trace.ListSessionsAsync(Ct)).ShouldBe(await lab.Sessions.ListSessionsAsync(Ct));
        (await trace.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)).ShouldMatch(batched);
        (await trace.ReadEventsAsync("2-2", Ct).ToListAsync(Ct)).ShouldMatch(legacy);
        (await trace.ReadEventsAsync("3-3", Ct).ToListAsync(Ct)).ShouldBeEmpty();
        trace.CreatedAt.ShouldBe("2026-12-06T12:00:00.0000000+00:00");
    }

    [Fact]
    public async Task Imports_into_another_store_exactly_as_stored_and_never_twice()
    {
        await using var source = await RecorderLab.StartAsync();
        List<IRecordedFrame> frames = [.. SampleFrames.SessionStart(), .. SampleFrames.Statements(3, 4), new SessionEnded(SampleFrames.Header(15))];
        TestSpool.Write(source.SpoolDirectory, "1-1", TestSpool.Header(), TestSpool.Block(frames));
        await source.Host.Ingestor.IngestOnceAsync(source.SpoolDirectory, Ct);
        var trace = await ExportAsync(source);
        await using var target = await RecorderLab.StartAsync();

        var first = await TraceImport.ImportAsync(target.Store, trace, null, Ct);
        var again = await TraceImport.ImportAsync(target.Store, trace, null, Ct);

        first.ShouldBe(new TraceImportSummary(1, 0, frames.Count));
        again.ShouldBe(new TraceImportSummary(0, 1, 0));
        (await target.Sessions.ReadEventsAsync("1-1", Ct).ToListAsync(Ct)).ShouldMatch(frames);
        (await target.Sessions.ListSessionsAsync(Ct)).ShouldBe(await source.Sessions.ListSessionsAsync(Ct));
    }

    [Fact]
    public async Task Refuses_a_file_with_a_damaged_byte_naming_the_offset()
    {
        await using var lab = await RecorderLab.StartAsync();
        await LegacyStream.AppendAsync(lab, "1-1", SampleFrames.OneOfEach());
        await ExportAsync(lab);
        var bytes = await File.ReadAllBytesAsync(TracePath, Ct);
        bytes[^40] ^= 0x5a;
        await File.WriteAllBytesAsync(TracePath, bytes, Ct);

        var error = await Should.ThrowAsync<TraceFileException>(() => TraceFileReader.OpenAsync(TracePath, Ct));

        error.Message.ShouldBe($"trace file \"{TracePath}\" is damaged");
        error.Detail.ShouldNotBeNull().ShouldStartWith("At byte offset ");
        error.Hint.ShouldNotBeNull();
    }

    [Fact]
    public async Task Refuses_a_truncated_file_as_incomplete()
    {
        await using var lab = await RecorderLab.StartAsync();
        await LegacyStream.AppendAsync(lab, "1-1", SampleFrames.OneOfEach());
        await LegacyStream.AppendAsync(lab, "2-2", SampleFrames.SessionStart(pid: 2));
        await ExportAsync(lab);
        var bytes = await File.ReadAllBytesAsync(TracePath, Ct);
        // Cut at a block boundary: the last block (trace-end) is missing, everything before it is intact.
        var cut = await LastBlockOffsetAsync(bytes);
        await File.WriteAllBytesAsync(TracePath, bytes[..cut], Ct);

        var error = await Should.ThrowAsync<TraceFileException>(() => TraceFileReader.OpenAsync(TracePath, Ct));

        error.Message.ShouldBe($"trace file \"{TracePath}\" is incomplete");
        error.Detail.ShouldNotBeNull().ShouldContain("after 2 sessions");
    }

    [Theory]
    [InlineData("hello, this is a text file\n")]
    [InlineData("{\"sessions\": []}")]
    [InlineData("x")]
    public async Task Calls_a_text_file_not_a_trace_file_rather_than_a_damaged_one(string text)
    {
        var path = Path.Combine(directory.Path, "notes.txt");
        await File.WriteAllTextAsync(path, text, Ct);

        var error = await Should.ThrowAsync<TraceFileException>(() => TraceFileReader.OpenAsync(path, Ct));

        error.Message.ShouldBe($"\"{path}\" is not a TraceLab trace file");
        error.Hint.ShouldNotBeNull().ShouldContain("tracelab export");
    }

    [Fact]
    public async Task Calls_a_trace_cut_inside_its_magic_damaged()
    {
        await File.WriteAllBytesAsync(TracePath, [0x94, 0xae, .. System.Text.Encoding.ASCII.GetBytes("tracelab")], Ct);

        var error = await Should.ThrowAsync<TraceFileException>(() => TraceFileReader.OpenAsync(TracePath, Ct));

        error.Message.ShouldBe($"trace file \"{TracePath}\" is damaged");
    }

    [Fact]
    public async Task Refuses_a_spool_file_and_another_version_with_what_to_do()
    {
        var spool = Path.Combine(directory.Path, "1-1.tlspool");
        await File.WriteAllBytesAsync(spool, [.. TestSpool.Header(), .. TestSpool.Block(SampleFrames.SessionStart())], Ct);
        var future = Path.Combine(directory.Path, "future.tltrace");
        await using (var output = File.Create(future))
        {
            await TraceFileWriter.StartAsync(output, CreatedAt, "test", Ct);
        }

        var bytes = await File.ReadAllBytesAsync(future, Ct);
        bytes[1 + 1 + TraceFormat.Magic.Length] = 0x02; // the version, a positive fixint right after the magic
        await File.WriteAllBytesAsync(future, bytes, Ct);

        (await Should.ThrowAsync<TraceFileException>(() => TraceFileReader.OpenAsync(spool, Ct)))
            .Message.ShouldBe($"\"{spool}\" is not a TraceLab trace file");
        (await Should.ThrowAsync<TraceFileException>(() => TraceFileReader.OpenAsync(future, Ct)))
            .Message.ShouldBe($"trace file \"{future}\" has format version 2");
        (await Should.ThrowAsync<TraceFileException>(() => TraceFileReader.OpenAsync(Path.Combine(directory.Path, "none"), Ct)))
            .Hint.ShouldNotBeNull();
    }

    private async Task<TraceFileReader> ExportAsync(RecorderLab lab)
    {
        var sessions = await lab.Sessions.ListSessionsAsync(Ct);
        await using (var output = File.Create(TracePath))
        {
            await TraceExport.ExportAsync(lab.Store, sessions, output, CreatedAt, "test", null, Ct);
        }

        return await TraceFileReader.OpenAsync(TracePath, Ct);
    }

    /// <summary>Where the last top-level MessagePack value of <paramref name="bytes"/> starts.</summary>
    private static async Task<int> LastBlockOffsetAsync(byte[] bytes)
    {
        using var stream = new MessagePack.MessagePackStreamReader(new MemoryStream(bytes));
        var offset = 0;
        var last = 0;
        while (await stream.ReadAsync(Ct) is { } value)
        {
            last = offset;
            offset += (int)value.Length;
        }

        return last;
    }
}
