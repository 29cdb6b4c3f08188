using TraceLab.Recorder.Spool;

namespace TraceLab.Recorder.Ingest;

/// <summary>Accumulates per-file results into a <see cref="SpoolIngestSummary"/>, counting each file once.</summary>
internal sealed class IngestTally
{
    private readonly HashSet<string> seen = new(StringComparer.Ordinal);
    private readonly HashSet<string> withNewData = new(StringComparer.Ordinal);
    private readonly List<SpoolException> errors = [];

    public long EventsAppended { get; private set; }

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
        if (result.Error is { } error)
        {
            errors.Add(error);
        }
    }

    public void AddRound(IngestTally round)
    {
        seen.UnionWith(round.seen);
        withNewData.UnionWith(round.withNewData);
        EventsAppended += round.EventsAppended;
        errors.AddRange(round.errors);
    }

    public SpoolIngestSummary ToSummary() => new(seen.Count, withNewData.Count, EventsAppended, [.. errors]);
}
