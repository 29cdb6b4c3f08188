using TraceLab.Store;

namespace TraceLab.Recorder.Hosting;

/// <summary>Settings of the Recorder, bound from <see cref="SectionName"/>.</summary>
public sealed class RecorderOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "TraceLab:Recorder";

    /// <summary>The Npgsql connection string of the event-store database.</summary>
    /// <value>Required; no default.</value>
    public string EventStoreConnectionString { get; set; } = "";

    /// <summary>The PostgreSQL schema of the event store.</summary>
    /// <value><see cref="TraceLabStore.DefaultSchemaName"/> (<c>tracelab</c>).</value>
    public string SchemaName { get; set; } = TraceLabStore.DefaultSchemaName;

    /// <summary>How many events one ingest message (one transaction, one stored <c>FrameBatch</c>) carries at most,
    /// rounded up to whole blocks.</summary>
    /// <value>10,000, from 1 to 100,000: big enough that the row and transaction costs vanish per frame, small enough
    /// that a batch is decoded in a few milliseconds when it is read back.</value>
    public int MaxEventsPerBatch { get; set; } = 10_000;

    /// <summary>Returns the problems with these options, empty when they are valid.</summary>
    internal IEnumerable<string> Validate()
    {
        if (string.IsNullOrWhiteSpace(EventStoreConnectionString))
        {
            yield return "TraceLab:Recorder:EventStoreConnectionString is required.";
        }

        string? schemaProblem = null;
        try
        {
            TraceLabStore.ValidateSchemaName(SchemaName);
        }
        catch (ArgumentException e)
        {
            schemaProblem = e.Message;
        }

        if (schemaProblem is not null)
        {
            yield return schemaProblem;
        }

        if (MaxEventsPerBatch is < 1 or > 100_000)
        {
            yield return "TraceLab:Recorder:MaxEventsPerBatch must be between 1 and 100000.";
        }
    }
}
