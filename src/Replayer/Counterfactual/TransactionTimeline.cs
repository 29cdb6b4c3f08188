using System.Runtime.CompilerServices;
using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Counterfactual;

/// <summary>What counterfactual outcomes depend on besides verdicts: the top-level unit of work running now, and the
/// subtransactions open now.</summary>
/// <remarks>
/// <para>
/// A backend runs one thing at a time, and an error unwinds everything up to the top-level statement. So "the same
/// statement" is a span of time: a <em>unit</em> starts with a top-level StatementStarted and ends with its
/// StatementFinished, whatever the parent links of the frames in between say (a FETCH runs its cursor's query, opened
/// by an earlier DECLARE, as part of the FETCH). Code that runs with no statement open gets a unit of its own: deferred
/// triggers at COMMIT (until the TransactionEnded), a background process's maintenance frame (until it finishes), and
/// parse analysis, top-level planning or a role switch no statement reported, which precede the statement they belong
/// to, so that statement joins their unit. Units are named by the seq of the frame that opened them, so they never
/// repeat within a session.
/// </para>
/// <para>Subtransactions are a stack: a SAVEPOINT's, started with no frame or a statement as parent, catches nothing; a
/// PL/pgSQL EXCEPTION block's, started with its function's frame as parent, catches errors raised while it is open in
/// code that function called. The stack is emptied at every transaction end, so it never outgrows the nesting.</para>
/// </remarks>
internal sealed class TransactionTimeline
{
    private readonly List<Subtransaction> subtransactions = [];
    private UnitKind kind;
    private long unitStatement;
    private long unitMaintenance;

    private enum UnitKind
    {
        None,

        /// <summary>A top-level statement, until its StatementFinished.</summary>
        Statement,

        /// <summary>Frames before a statement (parse, plan, role switch); the next top-level statement joins.</summary>
        Pending,

        /// <summary>Deferred triggers at COMMIT, until the transaction ends.</summary>
        Commit,

        /// <summary>A background process's maintenance frame, until it finishes.</summary>
        Maintenance,
    }

    /// <summary>The unit running now: the seq of the frame that opened it; 0 between units.</summary>
    public long Unit { get; private set; }

    /// <summary>Subtransactions open now (for tests: the live state stays as deep as the nesting).</summary>
    public int OpenSubtransactions => subtransactions.Count;

    /// <summary>Takes note of a frame before the provenance builder turns it into an operation: opens units.</summary>
    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Before(IRecordedFrame frame)
    {
        var header = frame.Frame;
        switch (frame)
        {
            case StatementStarted when header.Parent == 0:
                if (kind == UnitKind.Pending)
                {
                    kind = UnitKind.Statement;
                    unitStatement = header.Seq;
                }
                else
                {
                    Open(header.Seq, UnitKind.Statement);
                    unitStatement = header.Seq;
                }

                break;
            case StatementStarted or FunctionEntered or PlanStarted or RoleSwitched or MaintenanceStarted when Unit == 0:
                Open(header.Seq, frame switch
                {
                    FunctionEntered { Phase: "commit" } => UnitKind.Commit,
                    MaintenanceStarted when header.Parent == 0 => UnitKind.Maintenance,
                    _ => UnitKind.Pending,
                });
                if (kind == UnitKind.Maintenance)
                {
                    unitMaintenance = header.Seq;
                }

                break;
        }
    }

    /// <summary>Takes note of a frame after its operation (if any) was judged: closes units, tracks subtransactions.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="parentIsFunction">For a SubtransactionStarted, whether its parent frame is a running function.</param>
    /// <returns>The unit this frame closed, or 0.</returns>
    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long After(IRecordedFrame frame, bool parentIsFunction)
    {
        switch (frame)
        {
            case StatementFinished finished when kind == UnitKind.Statement && finished.StatementSeq == unitStatement:
            case MaintenanceFinished maintenance when kind == UnitKind.Maintenance && maintenance.MaintenanceSeq == unitMaintenance:
                return Close();
            case TransactionEnded:
                subtransactions.Clear();
                return kind is UnitKind.Statement or UnitKind.None ? 0 : Close();
            case SessionEnded:
                subtransactions.Clear();
                return Close();
            case SubtransactionStarted started:
                subtransactions.Add(new Subtransaction(started.SubtransactionId, started.Frame.Parent, parentIsFunction));
                return 0;
            case SubtransactionEnded ended:
                // A loop, not FindLastIndex with a lambda: the lambda's closure over the pattern variable was allocated
                // for every frame this method saw, whatever its type.
                for (var i = subtransactions.Count - 1; i >= 0; i--)
                {
                    if (subtransactions[i].Id == ended.SubtransactionId)
                    {
                        subtransactions.RemoveAt(i);
                        break;
                    }
                }

                return 0;
            default:
                return 0;
        }
    }

    /// <summary>The function whose EXCEPTION block would catch an error raised by the operation with
    /// <paramref name="chain"/>: the innermost open subtransaction started by a function on that chain; 0 for none.</summary>
    public long CatchingFunction(IReadOnlyList<ChainEntry> chain)
    {
        for (var i = subtransactions.Count - 1; i >= 0; i--)
        {
            var subtransaction = subtransactions[i];
            if (subtransaction.StartedByFunction && ChainWalk.Enters(chain, subtransaction.ParentSeq))
            {
                return subtransaction.ParentSeq;
            }
        }

        return 0;
    }

    /// <summary>The savepoints open now (subtransactions no function started), innermost last.</summary>
    public long[] OpenSavepoints()
    {
        var count = 0;
        foreach (var s in subtransactions)
        {
            count += s.StartedByFunction ? 0 : 1;
        }

        if (count == 0)
        {
            return [];
        }

        var ids = new long[count];
        var next = 0;
        foreach (var s in subtransactions)
        {
            if (!s.StartedByFunction)
            {
                ids[next++] = s.Id;
            }
        }

        return ids;
    }

    private void Open(long seq, UnitKind unitKind)
    {
        Unit = seq;
        kind = unitKind;
        unitStatement = 0;
        unitMaintenance = 0;
    }

    private long Close()
    {
        var closed = Unit;
        Open(0, UnitKind.None);
        return closed;
    }

    private readonly record struct Subtransaction(long Id, long ParentSeq, bool StartedByFunction);
}
