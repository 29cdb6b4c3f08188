using TraceLab.Recorder.Spool;

namespace TraceLab.Recorder.Ingest;

/// <summary>The result of ingesting a spool directory once, or of one or all polls while following it.</summary>
/// <param name="FilesSeen">The <c>*.tlspool</c> files found.</param>
/// <param name="FilesWithNewData">The files whose checkpoint this ingestor advanced.</param>
/// <param name="EventsAppended">The events this ingestor appended.</param>
/// <param name="Errors">Files that stopped at a bad header, a corrupt block or a read error; each names the file and,
/// for a block, its offset. Ingestion of such a file stops there; other files go on. Server start files that cannot be
/// read are reported here too.</param>
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
}
