using Marten;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Npgsql;
using TraceLab.Recorder.Hosting;
using TraceLab.Recorder.Liveness;
using TraceLab.Recorder.Spool;
using TraceLab.Store;
using Wolverine;

namespace TraceLab.Recorder.Ingest;

/// <summary>Ingests the spool files of a directory into the event store, once or continuously.</summary>
/// <remarks>
/// <para>Each <c>*.tlspool</c> file is one session's stream. Files are taken in name order, each from its checkpoint
/// (<see cref="SpoolCheckpoint"/>), so ingesting twice appends nothing twice and several recorders may work on the
/// same directory at once: every event is appended exactly once.</para>
/// <para>A file that cannot be read, or that has a corrupt block, is reported in
/// <see cref="SpoolIngestSummary.Errors"/>: its blocks before the problem are ingested, nothing after it is, and
/// the other files go on. A file that is itself bad (<see cref="SpoolException.IsFileDamaged"/>: a corrupt or cut
/// block, a foreign header or version, not a regular file) is then moved to the quarantine directory with a note
/// (<see cref="SpoolQuarantine"/>) and listed in <see cref="SpoolIngestSummary.Quarantined"/>, so that it is reported
/// once. An incomplete block at the end of a file counts as damage only once nothing writes the file any more: its
/// session ended, or it has not grown for <see cref="RecorderOptions.QuietPeriod"/>. Database and programming errors
/// are thrown.</para>
/// <para>Thread-safe; register as a singleton.</para>
/// </remarks>
public sealed class SpoolIngestor
{
    private readonly IServiceScopeFactory scopes;
    private readonly IDocumentStore store;
    private readonly TimeProvider time;
    private readonly ILogger<SpoolIngestor> logger;
    private readonly int maxEventsPerBatch;
    private readonly SpoolQuietPeriod quietPeriod;
    private readonly SpoolQuarantine quarantine;
    private readonly IngestedFileDisposal disposal;
    private readonly TimeSpan? abandonAfter;
    private readonly string? monitoredServer;

    public SpoolIngestor(
        IServiceScopeFactory scopes,
        IDocumentStore store,
        IOptions<RecorderOptions> options,
        TimeProvider time,
        ILogger<SpoolIngestor> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        this.scopes = scopes;
        this.store = store;
        this.time = time;
        this.logger = logger;
        maxEventsPerBatch = options.Value.MaxEventsPerBatch;
        quietPeriod = new SpoolQuietPeriod(options.Value.QuietPeriod, time);
        quarantine = new SpoolQuarantine(options.Value.QuarantineDirectory, time);
        disposal = new IngestedFileDisposal(options.Value.IngestedFiles, options.Value.ArchiveDirectory, logger);
        abandonAfter = options.Value.AbandonAfter;
        monitoredServer = options.Value.MonitoredServerConnectionString;
    }

    /// <summary>Ingests every complete block that is not ingested yet, marks the sessions that ended abnormally, then
    /// returns.</summary>
    /// <param name="spoolDirectory">The directory the probe writes to (<c>tracelab.spool_directory</c>).</param>
    /// <exception cref="SpoolException">The directory does not exist.</exception>
    public Task<SpoolIngestSummary> IngestOnceAsync(string spoolDirectory, CancellationToken cancellationToken = default) =>
        IngestOnceAsync(spoolDirectory, null, cancellationToken);

    /// <summary>Ingests every complete block that is not ingested yet, marks the sessions that ended abnormally, then
    /// returns; tells <paramref name="progress"/> how far it is.</summary>
    /// <param name="progress">Told, before the first file and after each file, the spool bytes behind the checkpoints
    /// so far and the bytes there were to ingest when the run began.</param>
    public async Task<SpoolIngestSummary> IngestOnceAsync(
        string spoolDirectory, IProgress<(long Done, long Total)>? progress, CancellationToken cancellationToken = default)
    {
        var files = ListSpoolFiles(spoolDirectory);
        var checkpoints = await LoadCheckpointsAsync(files, cancellationToken);
        // One more stat per file, only for whoever shows progress.
        var total = progress is null ? 0 : files.Sum(f => Math.Max(0, (LengthOf(f) ?? 0) - (checkpoints[f]?.Offset ?? 0)));
        var done = 0L;
        progress?.Report((done, total));
        await using var scope = scopes.CreateAsyncScope();
        var ingestion = CreateIngestion(scope);
        var check = CreateCheck(scope);
        var starts = check.ReadStarts(spoolDirectory);
        var tally = new IngestTally();
        var ingested = new List<IngestedFile>();
        foreach (var file in files)
        {
            var checkpoint = checkpoints[file];
            var known = new IngestedFile(SpoolFileReader.SessionIdOf(file), checkpoint?.Offset ?? 0, ReachedEnd: true,
                checkpoint?.Ended == true, checkpoint?.SystemIdentifier);
            if (known.Offset > 0 && LengthOf(file) == known.Offset)
            {
                tally.AddSeen(file);
                ingested.Add(known);
                RemoveIfDone(spoolDirectory, file, known.Ended, known.Offset, tally);
                continue;
            }

            var result = await QuarantineAsync(file, await ingestion.IngestAsync(
                file, known.Offset, checkpoint?.LastSeq, known.Ended, cancellationToken), cancellationToken);
            tally.Add(file, result);
            done += Math.Max(0, result.Offset - known.Offset);
            progress?.Report((Math.Min(done, total), total));
            if (result.ReachedEnd && result.Quarantined is null)
            {
                RemoveIfDone(spoolDirectory, file, known.Ended || result.SawSessionEnded, result.Offset, tally);
            }

            ingested.Add(known with
            {
                Offset = result.Offset,
                ReachedEnd = result.ReachedEnd,
                Ended = known.Ended || result.SawSessionEnded,
            });
        }

        var ends = await check.RunAsync(starts, ingested, cancellationToken);
        tally.Add(ends, ends.Errors);
        Log.DirectoryIngested(logger, tally.EventsAppended, tally.FilesWithNewData, spoolDirectory);
        return tally.ToSummary();
    }

    /// <summary>Keeps the directory ingested until <paramref name="cancellationToken"/> is cancelled: re-reads files
    /// that grew and picks up new ones every <paramref name="pollInterval"/>.</summary>
    /// <param name="onProgress">Called after each poll that appended events or met a new error, with that poll's
    /// summary.</param>
    /// <returns>The summary of the whole run, once cancelled (cancellation is the normal end, not an error).</returns>
    /// <remarks>An error in a file is reported once; the file is tried again when it grows, in case the problem was
    /// passing, and reported again only if the error changes. A database error during a poll (the store was
    /// reachable at start) is logged and the poll is retried after <paramref name="pollInterval"/>.</remarks>
    /// <exception cref="SpoolException">The directory does not exist (checked at every poll).</exception>
    public async Task<SpoolIngestSummary> FollowAsync(
        string spoolDirectory,
        TimeSpan pollInterval,
        Action<SpoolIngestSummary>? onProgress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pollInterval, TimeSpan.Zero);
        var states = new Dictionary<string, FollowedFile>(StringComparer.Ordinal);
        var total = new IngestTally();
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var ingestion = CreateIngestion(scope);
            var check = CreateCheck(scope);
            await using var server = monitoredServer is null ? null : new MonitoredServer(monitoredServer);
            var liveness = new GoneBackendCheck(server, abandonAfter, time);
            var reportedStartErrors = new HashSet<string>(StringComparer.Ordinal);
            while (true)
            {
                var round = new IngestTally();
                try
                {
                    var starts = check.ReadStarts(spoolDirectory);
                    await liveness.MarkAsync(states, cancellationToken);
                    await PollAsync(spoolDirectory, ingestion, states, round, cancellationToken);
                    var ends = await check.RunAsync(starts, states.Values, cancellationToken);
                    round.Add(ends, [.. ends.Errors.Where(e => reportedStartErrors.Add($"{e.SpoolFile}\n{e.Message}\n{e.Detail}"))]);
                }
                catch (Exception e) when (IsTransient(e) && !cancellationToken.IsCancellationRequested)
                {
                    // The store was reachable at start; keep following through an outage. A short one is absorbed by
                    // Wolverine's retries of the handler (TransientStoreErrors); this is for a longer one, and for the
                    // poll's own reads (checkpoints, the monitored server), which are not messages. Files are re-read from
                    // their last known checkpoint, and the handler skips what was committed in the meantime (the
                    // file being ingested when the error came is then not counted in this poll's summary).
                    Log.PollFailed(logger, e, spoolDirectory, pollInterval);
                }

                total.AddRound(round);
                if (round.EventsAppended > 0 || round.FilesWithNewData > 0 || round.SessionsEndedAbnormally > 0
                    || round.Errors.Count > 0)
                {
                    onProgress?.Invoke(round.ToSummary());
                }

                await Task.Delay(pollInterval, time, cancellationToken);
            }
        }
        catch (Exception e) when (cancellationToken.IsCancellationRequested && IsCancellation(e))
        {
            return total.ToSummary();
        }
    }

    private async Task PollAsync(
        string spoolDirectory,
        SpoolFileIngestion ingestion,
        Dictionary<string, FollowedFile> states,
        IngestTally round,
        CancellationToken cancellationToken)
    {
        var files = ListSpoolFiles(spoolDirectory);
        var present = files.ToHashSet(StringComparer.Ordinal);
        foreach (var gone in states.Keys.Where(k => !present.Contains(k)).ToList())
        {
            states.Remove(gone);
        }

        var newFiles = files.Where(f => !states.ContainsKey(f)).ToList();
        foreach (var (file, checkpoint) in await LoadCheckpointsAsync(newFiles, cancellationToken))
        {
            states[file] = new FollowedFile(SpoolFileReader.SessionIdOf(file), checkpoint?.Offset ?? 0)
            {
                Ended = checkpoint?.Ended == true,
                EndedAbnormally = checkpoint?.EndedAbnormally == true,
                SystemIdentifier = checkpoint?.SystemIdentifier,
                LastSeq = checkpoint?.LastSeq,
            };
        }

        foreach (var file in files)
        {
            var state = states[file];
            var length = LengthOf(file);
            if (length is null)
            {
                continue;
            }

            if (length == state.LengthRead && !TailDue(file, state))
            {
                round.AddSeen(file);
                if (state.LastError is null && RemoveIfDone(spoolDirectory, file, state.Ended, state.Offset, round))
                {
                    states.Remove(file);
                }

                continue;
            }

            // A file that stopped inside a block is read again, unchanged, once it has been quiet for the quiet
            // period: that block is then damage, not a tail still being written. Once per length.
            state.TailCheckedAt = length == state.LengthRead ? length.Value : -1;
            // A file whose abnormal end the Recorder appended is not taken as finished by that end: had the backend not
            // been gone after all, its new frames are ingested (and its tail judged by the quiet period alone).
            var result = await QuarantineAsync(file, await ingestion.IngestAsync(
                file, state.Offset, state.LastSeq, state.Ended && !state.EndedAbnormally, cancellationToken), cancellationToken);
            state.Offset = result.Offset;
            state.LastSeq = result.LastSeq;
            state.LengthRead = length.Value;
            if (state.EndedAbnormally && result.EventsAppended > 0)
            {
                (state.Ended, state.EndedAbnormally) = (false, false);
            }

            state.Ended |= result.SawSessionEnded;
            var isNewError = result.Error is { } error && !SameError(error, state.LastError);
            state.LastError = result.Error;
            round.Add(file, isNewError ? result : result with { Error = null, QuarantineError = null });
            if (result.ReachedEnd && result.Quarantined is null
                && RemoveIfDone(spoolDirectory, file, state.Ended, state.Offset, round))
            {
                states.Remove(file);
            }
        }
    }

    /// <summary>Deletes or archives a file that is done (<see cref="IngestedFileDisposal"/>): its session's end is in
    /// the stream and every byte of it is ingested. Returns whether it left the spool directory.</summary>
    private bool RemoveIfDone(string spoolDirectory, string file, bool ended, long ingestedTo, IngestTally tally)
    {
        if (disposal.Action == IngestedFileAction.Keep || !ended || LengthOf(file) != ingestedTo
            || !disposal.Dispose(spoolDirectory, file))
        {
            return false;
        }

        tally.AddRemoved(disposal.Action);
        return true;
    }

    /// <summary>Whether a followed file that stopped inside a block, and has not changed, is due to be read again:
    /// it has been quiet for the quiet period.</summary>
    private bool TailDue(string file, FollowedFile state) =>
        state.LastError is null && state.Offset < state.LengthRead && state.TailCheckedAt != state.LengthRead
        && quietPeriod.HasElapsed(file);

    /// <summary>Moves a damaged file to the quarantine directory once its good part is ingested, after marking its
    /// session (<see cref="QuarantineMark"/>).</summary>
    /// <returns><paramref name="result"/>, with the error naming where the file went, or with the error that kept it
    /// from going; a file some other recorder moved first counts as vanished.</returns>
    private async Task<FileIngestResult> QuarantineAsync(string file, FileIngestResult result, CancellationToken cancellationToken)
    {
        if (result.Error is not { IsFileDamaged: true } error)
        {
            return result;
        }

        if (result.Offset > 0)
        {
            await QuarantineMark.AppendAsync(store, SpoolFileReader.SessionIdOf(file), error, result.Offset,
                quarantine.DirectoryFor(Path.GetDirectoryName(Path.GetFullPath(file)) ?? "."), cancellationToken);
        }

        try
        {
            if (quarantine.Move(file, error, result.Offset) is not { } moved)
            {
                Log.SpoolFileVanished(logger, file);
                return result with { Error = null, Vanished = true };
            }

            Log.SpoolFileQuarantined(logger, file, moved.Destination, moved.IngestedTo);
            return result with { Error = moved.Problem, Quarantined = moved };
        }
        catch (SpoolException e)
        {
            Log.SpoolFileNotQuarantined(logger, file, e.Message, e.Detail);
            return result with { QuarantineError = e };
        }
    }

    private SpoolFileIngestion CreateIngestion(AsyncServiceScope scope) =>
        new(scope.ServiceProvider.GetRequiredService<IMessageBus>(), store, maxEventsPerBatch, quietPeriod, logger);

    private AbnormalEndCheck CreateCheck(AsyncServiceScope scope) =>
        new(scope.ServiceProvider.GetRequiredService<IMessageBus>(), logger);

    private async Task<Dictionary<string, SpoolCheckpoint?>> LoadCheckpointsAsync(
        List<string> files, CancellationToken cancellationToken)
    {
        var result = files.ToDictionary(f => f, _ => (SpoolCheckpoint?)null, StringComparer.Ordinal);
        if (files.Count == 0)
        {
            return result;
        }

        await using var session = store.QuerySession();
        var checkpoints = await session.LoadManyAsync<SpoolCheckpoint>(
            cancellationToken, files.Select(SpoolFileReader.SessionIdOf));
        var bySession = checkpoints.ToDictionary(c => c.Id, StringComparer.Ordinal);
        foreach (var file in files)
        {
            result[file] = bySession.GetValueOrDefault(SpoolFileReader.SessionIdOf(file));
        }

        return result;
    }

    /// <summary>The spool files of <paramref name="spoolDirectory"/>, in ordinal name order.</summary>
    internal static List<string> ListSpoolFiles(string spoolDirectory)
    {
        ArgumentException.ThrowIfNullOrEmpty(spoolDirectory);
        if (!Directory.Exists(spoolDirectory))
        {
            throw SpoolException.DirectoryNotFound(spoolDirectory);
        }

        var files = Directory.EnumerateFiles(spoolDirectory, "*" + SpoolFileReader.FileExtension).ToList();
        files.Sort(StringComparer.Ordinal);
        return files;
    }

    private static long? LengthOf(string file)
    {
        try
        {
            return new FileInfo(file).Length;
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static bool SameError(SpoolException a, SpoolException? b) =>
        b is not null && a.Offset == b.Offset && a.Message == b.Message && a.Detail == b.Detail;

    private static bool IsTransient(Exception e) => e is NpgsqlException or TimeoutException
        || (e.InnerException is { } inner && IsTransient(inner));

    private static bool IsCancellation(Exception e) => e switch
    {
        OperationCanceledException => true,
        PostgresException { SqlState: PostgresErrorCodes.QueryCanceled } => true,
        { InnerException: { } inner } => IsCancellation(inner),
        _ => false,
    };
}
