using System.Runtime.CompilerServices;
using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Counterfactual;

/// <summary>What one policy's earlier blocks mean for the operations that follow, in one session (SEMANTICS.md).</summary>
/// <remarks>
/// <para>
/// A block starts counterfactual state, and only a block the policy gave an operation that would have been reached:
/// operations already affected keep their outcome and start nothing. A block caught by an EXCEPTION block of a function
/// on its chain makes the rest of that function <see cref="Outcome.HandlerWouldRun"/> until the function exits.
/// Otherwise the rest of the unit is <see cref="Outcome.NotReached"/> and, from then until the transaction ends, every
/// operation is <see cref="Outcome.Aborted"/> except transaction control, and except after a ROLLBACK TO a savepoint
/// that was open at the block.
/// </para>
/// <para>The state is a handful of fields and the savepoints open at the block: it never grows with the trace.</para>
/// </remarks>
internal sealed class CounterfactualState
{
    private long notReachedUnit;
    private bool aborted;
    private long[] savepointsAtBlock = [];
    private List<long>? catchingFunctions;

    /// <summary>No earlier block affects anything now.</summary>
    public bool IsIdle => notReachedUnit == 0 && !aborted && catchingFunctions is not { Count: > 0 };

    /// <summary>Savepoint and function ids kept (for tests: bounded by the nesting open at a block, never by the trace).</summary>
    public int RememberedIds => savepointsAtBlock.Length + (catchingFunctions?.Count ?? 0);

    /// <summary>The outcome of an operation the policy gave <paramref name="own"/>, starting state if it blocks.</summary>
    /// <param name="own">The outcome of the policy's own verdict.</param>
    /// <param name="chain">The operation's chain.</param>
    /// <param name="unit">The unit running now.</param>
    /// <param name="transactionControl">The operation is a top-level COMMIT, ROLLBACK or ROLLBACK TO.</param>
    /// <param name="timeline">The subtransactions open now.</param>
    // On every operation's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public Outcome Judge(Outcome own, IReadOnlyList<ChainEntry> chain, long unit, bool transactionControl, TransactionTimeline timeline)
    {
        if (notReachedUnit != 0 && unit == notReachedUnit)
        {
            return Outcome.NotReached;
        }

        if (aborted && !transactionControl)
        {
            return Outcome.Aborted;
        }

        if (catchingFunctions is { Count: > 0 } catching && EntersAny(chain, catching))
        {
            return Outcome.HandlerWouldRun;
        }

        if (own == Outcome.Blocked)
        {
            Block(chain, unit, transactionControl, timeline);
        }

        return own;
    }

    /// <summary>The function whose EXCEPTION block caught the latest block or failure (its FunctionEntered seq), or 0
    /// when that one ended its statement.</summary>
    public long LastCatcher { get; private set; }

    /// <summary>Whether an earlier block or failure already stops the unit or the transaction now.</summary>
    public bool Stops(long unit) => (notReachedUnit != 0 && unit == notReachedUnit) || aborted;

    /// <summary>The statement fails here for a reason of PostgreSQL's own (an object it needs is missing under the
    /// policy, SEMANTICS.md): what follows is judged as after a block at an operation with <paramref name="chain"/>.</summary>
    public void Fail(IReadOnlyList<ChainEntry> chain, long unit, TransactionTimeline timeline)
    {
        if (Stops(unit))
        {
            return;
        }

        Block(chain, unit, transactionControl: false, timeline);
    }

    /// <summary>A unit ended: what was not reached in it is over.</summary>
    public void UnitClosed(long unit)
    {
        if (notReachedUnit == unit)
        {
            notReachedUnit = 0;
        }
    }

    /// <summary>The transaction ended: nothing is aborted any more.</summary>
    public void TransactionEnded()
    {
        aborted = false;
        savepointsAtBlock = [];
    }

    /// <summary>A subtransaction ended; rolling back a savepoint that was open at the block repairs the transaction.</summary>
    public void SubtransactionEnded(long id, TransactionOutcome outcome)
    {
        if (aborted && outcome == TransactionOutcome.Aborted && Array.IndexOf(savepointsAtBlock, id) >= 0)
        {
            aborted = false;
            savepointsAtBlock = [];
        }
    }

    /// <summary>A function returned: its handler has run, and what follows is judged again.</summary>
    public void FunctionExited(long enteredSeq) => catchingFunctions?.Remove(enteredSeq);

    /// <summary>The session ended.</summary>
    public void Reset()
    {
        notReachedUnit = 0;
        TransactionEnded();
        catchingFunctions?.Clear();
    }

    private void Block(IReadOnlyList<ChainEntry> chain, long unit, bool transactionControl, TransactionTimeline timeline)
    {
        var catcher = timeline.CatchingFunction(chain);
        LastCatcher = catcher;
        if (catcher != 0)
        {
            catchingFunctions ??= [];
            if (!catchingFunctions.Contains(catcher))
            {
                catchingFunctions.Add(catcher);
            }

            return;
        }

        notReachedUnit = unit;
        aborted = true;

        // A blocked ROLLBACK TO does not roll back: the savepoint it names ending in the recording repairs nothing.
        savepointsAtBlock = transactionControl ? [] : timeline.OpenSavepoints();
    }

    private static bool EntersAny(IReadOnlyList<ChainEntry> chain, List<long> functions)
    {
        foreach (var function in functions)
        {
            if (ChainWalk.Enters(chain, function))
            {
                return true;
            }
        }

        return false;
    }
}
