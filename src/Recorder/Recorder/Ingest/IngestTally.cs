using TraceLab.Recorder.Spool;

namespace TraceLab.Recorder.Ingest;

/// <summary>Accumulates per-file results into a <see cref="SpoolIngestSummary"/>, counting each file once.</summary>
internal sealed class IngestTally
{
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly HashSet<string> withNewData = new(StringComparer.Ordinal);
    private readonly List<SpoolException> errors = [];
    private readonly List<QuarantinedSpoolFile> quarantined = [];
    private readonly SortedDictionary<string, long> dropped = new(StringComparer.Ordinal);

    public long EventsAppended { get; private set; }

    public int SessionsEndedAbnormally { get; private set; }

    /// <summary>Done files deleted or archived, and how.</summary>
    public int FilesRemoved { get; private set; }

    public IngestedFileAction RemovedHow { get; private set; }

    public void AddRemoved(IngestedFileAction how)
    {
        FilesRemoved++;
        RemovedHow = how;
    }

    public int FilesWithNewData => withNewData.Count;

    public IReadOnlyList<SpoolException> Errors => errors;

    public void AddSeen(string file) => seen.Add(file);

    public void Add(string file, FileIngestResult result)
    {
        if (result.Vanished && !result.Advanced)
        {
            return;
        }

        seen.Add(file);
        if (result.Advanced)
        {
            withNewData.Add(file);
        }

        EventsAppended += result.EventsAppended;
        if (result.DroppedFrames > 0)
        {
            var session = SpoolFileReader.SessionIdOf(file);
            dropped[session] = dropped.GetValueOrDefault(session) + result.DroppedFrames;
        }

        if (result.Error is { } error)
        {
            errors.Add(error);
        }

        if (result.QuarantineError is { } notMoved)
        {
            errors.Add(notMoved);
        }

        if (result.Quarantined is { } moved)
        {
            quarantined.Add(moved);
        }
    }

    /// <summary>Counts the abnormal ends a check appended and keeps the start files it could not read.</summary>
    /// <param name="newErrors">The check's errors that were not reported before.</param>
    public void Add(AbnormalEndCheckResult check, IEnumerable<SpoolException> newErrors)
    {
        SessionsEndedAbnormally += check.Appended;
        errors.AddRange(newErrors);
    }

    public void AddRound(IngestTally round)
    {
        seen.UnionWith(round.seen);
        withNewData.UnionWith(round.withNewData);
        EventsAppended += round.EventsAppended;
        SessionsEndedAbnormally += round.SessionsEndedAbnormally;
        FilesRemoved += round.FilesRemoved;
        RemovedHow = round.FilesRemoved > 0 ? round.RemovedHow : RemovedHow;
        errors.AddRange(round.errors);
        quarantined.AddRange(round.quarantined);
        foreach (var (session, count) in round.dropped)
        {
            dropped[session] = dropped.GetValueOrDefault(session) + count;
        }
    }

    public SpoolIngestSummary ToSummary() =>
        new(seen.Count, withNewData.Count, EventsAppended, [.. errors], SessionsEndedAbnormally) {
            Quarantined = [.. quarantined],
            FilesRemoved = FilesRemoved,
            RemovedHow = RemovedHow,
            DroppedFrames = new SortedDictionary<string, long>(dropped, StringComparer.Ordinal),
        };
}
