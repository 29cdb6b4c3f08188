namespace TraceLab.Distributed.Storage;

/// <summary>A distributed replay in progress: written by the coordinator before it publishes the run's jobs, deleted
/// with the run's results when it finishes.</summary>
/// <remarks>Workers discard the jobs of a run that has no such document (the coordinator was interrupted, or finished
/// long ago and a job was redelivered late), so nothing is replayed, or stored, for nobody.</remarks>
public sealed class ReplayRunDocument
{
    /// <summary>The run id every job and result of the run carries.</summary>
    public Guid Id { get; init; }

    /// <summary>How many sessions the run replays.</summary>
    public int Sessions { get; init; }

    /// <summary>When the coordinator started the run.</summary>
    public DateTimeOffset Started { get; init; }

    /// <summary>The coordinator's Wolverine node id: once no such node is left in the cluster, the run is abandoned
    /// (its coordinator was killed) and the next coordinator deletes it.</summary>
    public Guid CoordinatorNode { get; init; }
}
