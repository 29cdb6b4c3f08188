using System.Runtime.CompilerServices;
using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.Replayer.Counterfactual;

/// <summary>Makes one operation of a <c>SET ROLE</c> (or <c>RESET ROLE</c>, <c>SET SESSION AUTHORIZATION</c> …)
/// statement and the role switch it performs.</summary>
/// <remarks>
/// <para>The probe records the statement (command tag <c>SET</c> or <c>RESET</c>) and, inside it, the switch; each
/// becomes an operation and is judged on its own, at its own frame, so outcomes and every policy's state are exactly
/// those of the two. A report showing both would list one statement the user typed as two rows, so they are joined
/// here: the row is the statement's (its seq) and the switch's (its command, kind, session user and switch details),
/// and each policy's verdict is the statement's unless the statement was allowed, or only warned while the switch was
/// blocked.</para>
/// <para>A <c>SET</c> or <c>RESET</c> statement is held back until its switch, its end or the next operation, so an
/// operation is delayed by at most one frame and the order of operations never changes. Call <see cref="Flush"/> at
/// the end of the session.</para>
/// </remarks>
internal sealed class RoleSwitchStatementJoin
{
    private ReplayedOperation? held;

    /// <summary>Takes the operation judged at <paramref name="frame"/>, if any; returns the operation that is ready to
    /// be reported, if any.</summary>
    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReplayedOperation? Next(ReplayedOperation? judged, IRecordedFrame frame)
    {
        if (held is not { } previous)
        {
            if (judged is not null && MaySwitchRoles(judged.Operation))
            {
                held = judged;
                return null;
            }

            return judged;
        }

        if (judged is null)
        {
            if (MaySwitchRoles(previous.Operation) && !(frame is StatementFinished finished && finished.StatementSeq == previous.Operation.Seq))
            {
                return null;
            }

            held = null;
            return previous;
        }

        if (judged.Operation.Kind == OperationKind.RoleSwitch
            && MaySwitchRoles(previous.Operation)
            && frame.Frame.Parent == previous.Operation.Seq)
        {
            held = null;
            return Join(previous, judged);
        }

        // Two operations at once: report the held one now and hold this one for one frame.
        held = judged;
        return previous;
    }

    /// <summary>The operation still held back, at the end of the session.</summary>
    public ReplayedOperation? Flush()
    {
        var last = held;
        held = null;
        return last;
    }

    private static bool MaySwitchRoles(Operation operation) =>
        operation.Kind == OperationKind.UtilityCommand && operation.Command is "SET" or "RESET";

    private static ReplayedOperation Join(ReplayedOperation statement, ReplayedOperation roleSwitch)
    {
        var verdicts = new PolicyVerdict[statement.Verdicts.Count];
        for (var i = 0; i < verdicts.Length; i++)
        {
            var ofStatement = statement.Verdicts[i];
            var ofSwitch = roleSwitch.Verdicts[i];
            verdicts[i] = ofStatement.Outcome == Outcome.Allowed
                          || (ofStatement.Outcome == Outcome.Warned && ofSwitch.Outcome == Outcome.Blocked)
                ? ofSwitch
                : ofStatement;
        }

        return new ReplayedOperation(roleSwitch.Operation with { Seq = statement.Operation.Seq }, verdicts);
    }
}
