using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Counterfactual;

/// <summary>How an operation meets the objects missing under a policy.</summary>
internal enum ObjectFailure
{
    /// <summary>It needs nothing missing.</summary>
    None,

    /// <summary>PostgreSQL fails its statement before the operation runs (a planned statement on a missing relation,
    /// a call of a missing function): the operation is <c>not_reached</c>.</summary>
    BeforeRunning,

    /// <summary>The operation starts and its statement fails right after (a utility command naming a missing
    /// relation, EXECUTE of a statement whose PREPARE did not happen): it is judged, and what follows is not.</summary>
    AfterStarting,
}

/// <summary>Per policy, the objects the statements it stopped would have created, and the failures their absence
/// causes later (SEMANTICS.md, "Objects a policy prevents").</summary>
/// <remarks>Keeps the last <see cref="RecentOperations"/> operations with each policy's outcome, to tie an
/// <see cref="ObjectChanged"/> to the operation whose frame it belongs to; an effect of an older or unknown frame
/// counts as having happened.</remarks>
internal sealed class ObjectEffects
{
    /// <summary>Operations remembered to find the one an effect belongs to.</summary>
    public const int RecentOperations = 128;

    private readonly MissingObjects[] missing;
    private readonly long[] recentSeqs = new long[RecentOperations];
    private readonly IReadOnlyList<ChainEntry>?[] recentChains = new IReadOnlyList<ChainEntry>?[RecentOperations];
    private readonly bool[] recentHappened;
    private readonly int policies;
    private int next;

    public ObjectEffects(int policies)
    {
        this.policies = policies;
        missing = new MissingObjects[policies];
        for (var i = 0; i < policies; i++)
        {
            missing[i] = new MissingObjects();
        }

        recentHappened = new bool[RecentOperations * policies];
    }

    /// <summary>Whether some policy has a missing object (operations must go through <see cref="Classify"/>).</summary>
    public bool AnyMissing { get; private set; }

    /// <summary>How the operation of <paramref name="frame"/> meets policy <paramref name="policy"/>'s missing objects;
    /// <paramref name="judged"/> becomes what the policy judges (an EXECUTE of a missing statement runs no prepared
    /// code, so its chain stops before the prepared statement).</summary>
    public ObjectFailure Classify(int policy, IRecordedFrame frame, ref Operation judged)
    {
        var gone = missing[policy];
        if (gone.IsEmpty)
        {
            return ObjectFailure.None;
        }

        var chain = judged.Chain;
        for (var i = 0; i < chain.Count; i++)
        {
            var entry = chain[i];
            if (gone.Has(entry.ObjectOid))
            {
                return ObjectFailure.BeforeRunning;
            }

            if (entry.Kind == ChainEntryKind.PreparedStatement && i > 0 && gone.HasPrepare(entry.Seq))
            {
                judged = judged with { Chain = [.. chain.Take(i)] };
                return ObjectFailure.AfterStarting;
            }
        }

        if (frame is StatementStarted statement && gone.HasAny(statement.Targets))
        {
            return statement.Kind == StatementKind.Planned ? ObjectFailure.BeforeRunning : ObjectFailure.AfterStarting;
        }

        return ObjectFailure.None;
    }

    /// <summary>An operation was judged: remembers it, and a PREPARE that did not happen.</summary>
    public void Judged(Operation operation, ReadOnlySpan<Outcome> outcomes)
    {
        var slot = next;
        next = (next + 1) % RecentOperations;
        recentSeqs[slot] = operation.Seq;
        recentChains[slot] = operation.Chain;
        var prepare = string.Equals(operation.Command, "PREPARE", StringComparison.Ordinal);
        for (var i = 0; i < policies; i++)
        {
            var happened = Happened(outcomes[i]);
            recentHappened[(slot * policies) + i] = happened;
            if (prepare && !happened)
            {
                missing[i].PrepareMissing(operation.Seq);
                AnyMissing = true;
            }
        }
    }

    /// <summary>A block or failure began under policy <paramref name="policy"/>: what it rolls back is missing.</summary>
    public void RolledBack(int policy, CounterfactualState state)
    {
        missing[policy].RolledBack(state.LastCatcher != 0 ? state.LastCatcher : 1);
        AnyMissing |= !missing[policy].IsEmpty;
    }

    /// <summary>Consumes a frame with no operation: an object created, or one a failure touches; a transaction's or
    /// session's end.</summary>
    public void Observe(IRecordedFrame frame, CounterfactualState[] states, TransactionTimeline timeline)
    {
        switch (frame)
        {
            case ObjectChanged change:
                Changed(change, states, timeline);
                break;
            case TransactionEnded:
                foreach (var gone in missing)
                {
                    gone.TransactionEnded();
                }

                break;
            case SessionEnded:
                foreach (var gone in missing)
                {
                    gone.Clear();
                }

                AnyMissing = false;
                break;
        }
    }

    private static bool Happened(Outcome outcome) => outcome is Outcome.Allowed or Outcome.Warned;

    private void Changed(ObjectChanged change, CounterfactualState[] states, TransactionTimeline timeline)
    {
        var slot = Find(change.Frame.Parent);
        var chain = slot >= 0 ? recentChains[slot]! : [];
        var create = string.Equals(change.Access, "create", StringComparison.Ordinal);
        for (var i = 0; i < policies; i++)
        {
            var happened = slot < 0 || recentHappened[(slot * policies) + i];
            var gone = missing[i];
            if (happened && !gone.IsEmpty && !states[i].Stops(timeline.Unit) && gone.Refers(change))
            {
                // PostgreSQL fails the statement here: the object it changes is missing.
                states[i].Fail(chain, timeline.Unit, timeline);
                RolledBack(i, states[i]);
                happened = false;
            }

            if (create)
            {
                gone.Create(change.Frame.Seq, change, happened);
                AnyMissing |= !gone.IsEmpty;
            }
        }
    }

    private int Find(long seq)
    {
        for (var k = 0; k < RecentOperations; k++)
        {
            var slot = (next - 1 - k + RecentOperations) % RecentOperations;
            if (recentSeqs[slot] == seq && seq != 0)
            {
                return slot;
            }
        }

        return -1;
    }
}
