namespace TraceLab.Recorder.Ingest;

/// <summary>What <see cref="IngestSpoolBlocksHandler"/> did with one <see cref="IngestSpoolBlocks"/>.</summary>
/// <param name="SessionId">The session.</param>
/// <param name="Outcome">Whether the events were appended, were already there, or lost a race.</param>
/// <param name="CheckpointOffset">The checkpoint after the message: the new one when appended, otherwise the one
/// found.</param>
/// <param name="EventsAppended">The events this message added to the stream.</param>
public sealed record SpoolBlocksIngested(string SessionId, IngestOutcome Outcome, long CheckpointOffset, int EventsAppended);

/// <summary>The outcome of one <see cref="IngestSpoolBlocks"/>.</summary>
public enum IngestOutcome
{
    /// <summary>The checkpoint advanced; new events, if any, were appended.</summary>
    Appended,

    /// <summary>The checkpoint had already reached the end of the blocks; nothing changed.</summary>
    AlreadyIngested,

    /// <summary>Another recorder moved the checkpoint during the transaction, which rolled back; re-read from it.</summary>
    Conflict,
}
