using TraceLab.Recorder.Spool;

namespace TraceLab.Recorder.Ingest;

/// <summary>The result of ingesting a spool directory once, or of one or all polls while following it.</summary>
/// <param name="FilesSeen">The <c>*.tlspool</c> files found.</param>
/// <param name="FilesWithNewData">The files whose checkpoint this ingestor advanced.</param>
/// <param name="EventsAppended">The events this ingestor appended.</param>
/// <param name="Errors">Files that stopped at a bad header, a corrupt block or a read error; each names the file and,
/// for a block, its offset. Ingestion of such a file stops there; other files go on. Server start files that cannot be
/// read, and damaged files that could not be moved to quarantine, are reported here too. The problems of the files in
/// <see cref="Quarantined"/> are here as well.</param>
/// <param name="SessionsEndedAbnormally">The sessions this ingestor marked as ended abnormally (an abnormal
/// <c>SessionEnded</c> appended, see <see cref="RecordAbnormalEnd"/>).</param>
public sealed record SpoolIngestSummary(
    int FilesSeen,
    int FilesWithNewData,
    long EventsAppended,
    IReadOnlyList<SpoolException> Errors,
    int SessionsEndedAbnormally = 0)
{
    /// <summary>Nothing seen, nothing ingested.</summary>
    public static SpoolIngestSummary Empty { get; } = new(0, 0, 0, []);

    /// <summary>The damaged files moved to the quarantine directory, each with its problem (one of
    /// <see cref="Errors"/>).</summary>
    public IReadOnlyList<QuarantinedSpoolFile> Quarantined { get; init; } = [];

    /// <summary>Spool files that were done (ingested to their end, their session ended) and were deleted or archived
    /// (<c>RecorderOptions.IngestedFiles</c>).</summary>
    public int FilesRemoved { get; init; }

    /// <summary>For each session in whose newly ingested frames the probe reported lost frames (FramesDropped: a full
    /// disk, the spool budget, a write error), how many; in session id order.</summary>
    public IReadOnlyDictionary<string, long> DroppedFrames { get; init; } = new Dictionary<string, long>();

    /// <summary>How <see cref="FilesRemoved"/> were removed.</summary>
    public IngestedFileAction RemovedHow { get; init; }

    /// <summary>Every error is that of a file moved to quarantine: everything else was ingested.</summary>
    public bool OnlyQuarantineErrors =>
        Errors.Count > 0 && Errors.All(e => Quarantined.Any(q => ReferenceEquals(q.Problem, e)));
}
