using TraceLab.Recorder.Liveness;
using TraceLab.Recorder.Spool;

namespace TraceLab.Recorder.Ingest;

/// <summary>What <see cref="SpoolIngestor.FollowAsync"/> remembers of one spool file between polls.</summary>
internal sealed class FollowedFile(string sessionId, long offset)
{
    public string SessionId { get; } = sessionId;

    /// <summary>The checkpoint as last known.</summary>
    public long Offset { get; set; } = offset;

    /// <summary>The file's length when it was last read; -1 before.</summary>
    public long LengthRead { get; set; } = -1;

    public SpoolException? LastError { get; set; }

    /// <summary>The seq of the last frame before <see cref="Offset"/>, when known.</summary>
    public long? LastSeq { get; set; }

    /// <summary>The length at which the file, stopped inside a block, was last read again after its quiet period;
    /// -1 when not.</summary>
    public long TailCheckedAt { get; set; } = -1;

    /// <summary>The stream is known to have its end: nothing more to check.</summary>
    public bool Ended { get; set; }

    /// <summary>That end is the Recorder's abnormal one: should the file grow after all, its frames are ingested and
    /// the session is running again.</summary>
    public bool EndedAbnormally { get; set; }

    /// <summary>What the liveness check before this poll found: the backend is gone; null when it is not known to be.</summary>
    public BackendGone? Gone { get; set; }

    public ulong? SystemIdentifier { get; set; }

    /// <summary>The offset at which the file was last judged not to have ended abnormally, and against how many server
    /// starts: it is judged again only when either changes.</summary>
    public long JudgedOffset { get; set; } = -1;

    public int? JudgedAgainst { get; set; }

    /// <summary>The file as the abnormal-end check sees it; null before it was first read.</summary>
    public IngestedFile? ToIngestedFile() => LengthRead < 0 || Ended
        ? null
        : new IngestedFile(SessionId, Offset, ReachedEnd: LastError is null, Ended: false, SystemIdentifier,
            JudgedOffset == Offset ? JudgedAgainst : null, Gone);

    /// <summary>Remembers what a check found.</summary>
    public void Judged(AbnormalEndOutcome outcome, int startFiles)
    {
        switch (outcome)
        {
            case AbnormalEndOutcome.Appended:
                (Ended, EndedAbnormally) = (true, true);
                break;
            case AbnormalEndOutcome.Ended:
                Ended = true;
                break;
            case AbnormalEndOutcome.Live or AbnormalEndOutcome.Unknown:
                (JudgedOffset, JudgedAgainst) = (Offset, startFiles);
                break;
        }
    }
}
