using Microsoft.Extensions.Logging;
using TraceLab.Recorder.Liveness;
using TraceLab.Recorder.Spool;
using Wolverine;

namespace TraceLab.Recorder.Ingest;

/// <summary>A spool file after a pass, as the abnormal-end check sees it.</summary>
/// <param name="SessionId">The session id (the file's base name).</param>
/// <param name="Offset">The checkpoint after the pass.</param>
/// <param name="ReachedEnd">The pass read every complete block: no error stopped it and the file is still there.</param>
/// <param name="Ended">The stream is known to have its end.</param>
/// <param name="SystemIdentifier">The session's server, when the checkpoint knows it.</param>
/// <param name="JudgedAgainst">The number of server starts the file was last judged against, at this offset, without
/// an end being due; it is judged again only when that number changes. Null when never judged.</param>
/// <param name="Gone">A liveness check before the pass found the session's backend gone (follow mode only).</param>
internal readonly record struct IngestedFile(
    string SessionId, long Offset, bool ReachedEnd, bool Ended, ulong? SystemIdentifier, int? JudgedAgainst = null,
    BackendGone? Gone = null)
{
    /// <summary>Whether the file is worth a <see cref="RecordAbnormalEnd"/>: it was read to its end, has no end yet, and
    /// a start of its server (as far as known here) followed its backend's start.</summary>
    /// <remarks>The backend start (and the server, when the checkpoint does not know it) is the one in the session id
    /// (<see cref="TraceLab.Events.SessionId"/>); the handler
    /// checks the SessionStarted's own. So a live session of the current server costs nothing.</remarks>
    public bool MayHaveEndedAbnormally(IReadOnlyList<ServerStart> starts)
    {
        if (!ReachedEnd || Ended || Offset == 0)
        {
            return false;
        }

        if (Gone is not null)
        {
            return true;
        }

        if (JudgedAgainst == starts.Count)
        {
            return false;
        }

        if (!TraceLab.Events.SessionId.TryParse(SessionId, out var id))
        {
            return starts.Count > 0;
        }

        var system = SystemIdentifier ?? id.SystemIdentifier;
        return starts.Any(s => s.StartUs > id.BackendStartUs && (system is null || s.SystemIdentifier == system));
    }
}

/// <summary>The result of one abnormal-end check of a spool directory.</summary>
/// <param name="Outcomes">The outcome for each session the check asked about.</param>
/// <param name="Errors">Start files that could not be read.</param>
/// <param name="StartFiles">The server starts read.</param>
internal sealed record AbnormalEndCheckResult(
    IReadOnlyDictionary<string, AbnormalEndOutcome> Outcomes, IReadOnlyList<SpoolException> Errors, int StartFiles)
{
    public int Appended => Outcomes.Values.Count(o => o == AbnormalEndOutcome.Appended);
}

/// <summary>After a pass over a spool directory: sends a <see cref="RecordAbnormalEnd"/> for each session that may have
/// ended abnormally, judged against the server start files read before the pass.</summary>
/// <remarks>
/// <para>The start files must be read before the pass, not after: a start file proves that every backend of the
/// server's previous life had exited, so every block they wrote was in their files when it was read. A start file
/// that appeared during the pass could follow a backend that wrote its last block after its file was read; judged
/// against it, the session would get its end before that block.</para>
/// <para>Messages go through <c>IMessageBus.InvokeAsync</c>, in process and awaited, like the ingest batches.</para>
/// </remarks>
internal sealed class AbnormalEndCheck(IMessageBus bus, ILogger logger)
{
    /// <summary>Reads the start files of <paramref name="spoolDirectory"/>, logging those that are not start files.</summary>
    public ServerStartFiles ReadStarts(string spoolDirectory)
    {
        var files = ServerStartFileReader.ReadDirectory(spoolDirectory);
        foreach (var error in files.Errors)
        {
            Log.ServerStartFileUnreadable(logger, error.SpoolFile, error.Message, error.Detail);
        }

        return files;
    }

    /// <summary>Checks <paramref name="files"/> against <paramref name="starts"/>, read before the pass.</summary>
    public async Task<AbnormalEndCheckResult> RunAsync(
        ServerStartFiles starts, IEnumerable<IngestedFile> files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(starts);
        var outcomes = new Dictionary<string, AbnormalEndOutcome>(StringComparer.Ordinal);
        foreach (var file in files)
        {
            if (!file.MayHaveEndedAbnormally(starts.Starts))
            {
                continue;
            }

            var result = await bus.InvokeAsync<AbnormalEndRecorded>(
                new RecordAbnormalEnd(file.SessionId, file.Offset, starts.Starts, file.Gone), cancellationToken);
            outcomes[file.SessionId] = result.Outcome;
        }

        return new AbnormalEndCheckResult(outcomes, starts.Errors, starts.Starts.Count);
    }

    /// <summary>Checks the files a follower keeps, and records in each what was found, so that a file is judged again
    /// only when it grows or the server starts change.</summary>
    public async Task<AbnormalEndCheckResult> RunAsync(
        ServerStartFiles starts, IReadOnlyCollection<FollowedFile> files, CancellationToken cancellationToken)
    {
        var result = await RunAsync(starts, files.Select(f => f.ToIngestedFile()).OfType<IngestedFile>(), cancellationToken);
        foreach (var file in files)
        {
            if (result.Outcomes.TryGetValue(file.SessionId, out var outcome))
            {
                file.Judged(outcome, result.StartFiles);
            }
        }

        return result;
    }
}
