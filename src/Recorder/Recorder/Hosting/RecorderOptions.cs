using System.Globalization;
using TraceLab.Recorder.Spool;
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

    /// <summary>The environment variable that sets <see cref="MaxEventsPerBatch"/>'s default.</summary>
    public const string MaxEventsPerBatchVariable = "TRACELAB_MAX_EVENTS_PER_BATCH";

    /// <summary>How many events one ingest message (one transaction, one stored <c>FrameBatch</c>) carries at most,
    /// rounded up to whole blocks.</summary>
    /// <value>10,000, from 1 to 100,000: big enough that the row and transaction costs vanish per frame, small enough
    /// that a batch is decoded in a few milliseconds when it is read back. <see cref="MaxEventsPerBatchVariable"/>
    /// sets another default (a whole number; anything else fails validation).</value>
    /// <remarks>Smaller batches mean more commits, each one a checkpoint: tests that kill <c>tracelab record</c> in the
    /// middle of an ingest use them, so that their kills land between many more checkpoints.</remarks>
    public int MaxEventsPerBatch { get; set; } = MaxEventsPerBatchFromEnvironment();

    /// <summary>How long a spool file must not have grown before an incomplete block at its end counts as damage
    /// rather than the tail the probe is still writing.</summary>
    /// <value>60 seconds, from 0 to 1 day.</value>
    /// <remarks>The probe writes each block with one <c>write(2)</c>, so a file that is still being written ends inside
    /// a block only for an instant; a longer period only delays the report of a cut file. A file whose session ended
    /// counts as finished at once. 0 treats every file as finished, which suits a spool directory whose server is
    /// stopped.</remarks>
    public TimeSpan QuietPeriod { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>In follow mode, how long a session's spool file must not have grown before the session is marked ended
    /// abnormally, provided the local process table has no process with its pid and backend start.</summary>
    /// <value>Null: never (sessions without an end wait for their server's next start, or for
    /// <see cref="MonitoredServerConnectionString"/>); from 0 to 30 days.</value>
    /// <remarks>Not <see cref="QuietPeriod"/>: that one only decides whether a cut block is damage, and a wrong guess
    /// there costs a quarantine; here it would end a live session. A quiet period alone is not enough either: pooled
    /// connections sit idle for hours. So the backend process must be gone too, which the recorder can tell only on
    /// the server's machine, in its pid namespace (Linux <c>/proc</c>).</remarks>
    public TimeSpan? AbandonAfter { get; set; }

    /// <summary>In follow mode, an Npgsql connection string to the server the probe records, asked at every poll which
    /// backends are alive (<c>pg_stat_activity</c>); sessions of that server whose backend it no longer lists are marked
    /// ended abnormally.</summary>
    /// <value>Null: the server is not asked.</value>
    /// <remarks>The role must be a superuser or a member of <c>pg_read_all_stats</c>, to see every backend's start.</remarks>
    public string? MonitoredServerConnectionString { get; set; }

    /// <summary>Where damaged spool files are moved, each with a <c>.note</c> beside it; a relative path is taken
    /// relative to the spool directory.</summary>
    /// <value><c>quarantine</c>: a directory inside the spool directory, created when first needed.</value>
    /// <remarks>Must be on the spool directory's file system: files are renamed there, never copied.</remarks>
    public string QuarantineDirectory { get; set; } = SpoolQuarantine.DefaultDirectory;

    /// <summary>What to do with a spool file once it is ingested to its end and its session has ended.</summary>
    /// <value><see cref="IngestedFileAction.Keep"/>.</value>
    public IngestedFileAction IngestedFiles { get; set; } = IngestedFileAction.Keep;

    /// <summary>Where <see cref="IngestedFileAction.Archive"/> moves done spool files; a relative path is taken relative
    /// to the spool directory.</summary>
    /// <value><c>archive</c>: a directory inside the spool directory, created when first needed.</value>
    /// <remarks>Must be on the spool directory's file system: files are renamed there, never copied.</remarks>
    public string ArchiveDirectory { get; set; } = IngestedFileDisposal.DefaultArchiveDirectory;

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
            yield return $"TraceLab:Recorder:MaxEventsPerBatch ({MaxEventsPerBatchVariable}) must be a whole number between 1 and 100000.";
        }

        if (QuietPeriod < TimeSpan.Zero || QuietPeriod > TimeSpan.FromDays(1))
        {
            yield return "TraceLab:Recorder:QuietPeriod must be between 0 and 1 day.";
        }

        if (AbandonAfter is { } abandon && (abandon < TimeSpan.Zero || abandon > TimeSpan.FromDays(30)))
        {
            yield return "TraceLab:Recorder:AbandonAfter must be between 0 and 30 days.";
        }

        if (string.IsNullOrWhiteSpace(QuarantineDirectory))
        {
            yield return "TraceLab:Recorder:QuarantineDirectory must not be empty.";
        }
    }

    /// <summary><see cref="MaxEventsPerBatchVariable"/> when set (0, which validation refuses, when it is not a whole
    /// number), else 10,000.</summary>
    private static int MaxEventsPerBatchFromEnvironment() =>
        Environment.GetEnvironmentVariable(MaxEventsPerBatchVariable) is { Length: > 0 } value
            ? int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var events) ? events : 0
            : 10_000;

    /// <summary>Whether this Recorder runs Marten's async daemon to keep the chain-shape statistics (<c>tracelab
    /// shapes</c>). Default true; a benchmark of the ingest path alone turns it off.</summary>
    public bool KeepChainShapeStatistics { get; set; } = true;
}
