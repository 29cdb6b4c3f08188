using TraceLab.Events;
using TraceLab.Policies.Model;

namespace TraceLab.Scenarios.Agreement;

/// <summary>What one enforced session's recording says of the probe's decisions: where it raised (PolicyEnforced
/// frames), and how the frames and transactions those errors fell in ended.</summary>
/// <remarks>Feed every frame in seq order to <see cref="Observe"/>. A decision on a role switch is also found under
/// the <c>SET</c> statement that made the switch, since the replay reports the two as one operation with the
/// statement's seq.</remarks>
internal sealed class EnforcementFacts
{
    /// <summary>The level of a PolicyEnforced frame whose operation did not run.</summary>
    public const string ErrorLevel = "ERROR";

    /// <summary>The level of a PolicyEnforced frame whose operation ran.</summary>
    public const string WarningLevel = "WARNING";

    private readonly Dictionary<long, PolicyEnforced> byOperation = [];
    private readonly Dictionary<long, long> switchStatement = [];
    private readonly Dictionary<long, FrameOutcome> finished = [];
    private readonly Dictionary<long, string> failures = [];
    private readonly Dictionary<long, string> commands = [];
    private readonly List<(long Seq, TransactionOutcome Outcome)> transactionEnds = [];
    private readonly List<PolicyEnforced> decisions = [];

    /// <summary>Every decision recorded, in order.</summary>
    public IReadOnlyList<PolicyEnforced> Decisions => decisions;

    /// <summary>Takes the next frame.</summary>
    public void Observe(IRecordedFrame frame)
    {
        switch (frame)
        {
            case StatementStarted started:
                commands[started.Frame.Seq] = started.CommandTag;
                break;
            case FunctionEntered function:
                commands[function.Frame.Seq] = Operation.FunctionCallCommand;
                break;
            case RoleSwitched roleSwitch:
                commands[roleSwitch.Frame.Seq] = roleSwitch.Command;
                if (roleSwitch.Frame.Parent != 0)
                {
                    switchStatement[roleSwitch.Frame.Seq] = roleSwitch.Frame.Parent;
                }

                break;
            case PolicyEnforced decision:
                decisions.Add(decision);
                Keep(decision.OperationSeq, decision);
                if (switchStatement.TryGetValue(decision.OperationSeq, out var switchedBy))
                {
                    Keep(switchedBy, decision);
                }

                break;
            case StatementFinished statement:
                Finished(statement.StatementSeq, statement.Outcome, statement.SqlState);
                if (statement.ImpliedTransactionEnd is { } end)
                {
                    transactionEnds.Add((end.Frame.Seq, end.Outcome));
                }

                break;
            case FunctionExited function:
                Finished(function.EnteredSeq, function.Outcome, function.SqlState);
                break;
            case TransactionEnded transaction:
                transactionEnds.Add((transaction.Frame.Seq, transaction.Outcome));
                break;
        }
    }

    /// <summary>The decision at the operation whose frame is <paramref name="seq"/> (for a <c>SET ROLE</c> statement,
    /// also one at the switch it made); an ERROR wins over a WARNING.</summary>
    public PolicyEnforced? DecisionAt(long seq) => byOperation.GetValueOrDefault(seq);

    /// <summary>The SQLSTATE the statement or function call started at <paramref name="seq"/> failed with, or
    /// <c>null</c> when it succeeded or its end is not recorded.</summary>
    public string? FailureAt(long seq) => failures.GetValueOrDefault(seq);

    /// <summary>The command of the operation frame <paramref name="seq"/> (statement tag, <c>EXECUTE FUNCTION</c>, the
    /// role switch), or <c>null</c> when the recording has no such frame.</summary>
    public string? CommandAt(long seq) => commands.GetValueOrDefault(seq);

    /// <summary>What became of the ERROR <paramref name="decision"/> raised at <paramref name="operation"/>.</summary>
    /// <remarks>Caught: a statement or function on the chain above the operation finished successfully (only code that
    /// caught the error can). Otherwise the first end of a transaction after the error says whether it rolled back.</remarks>
    public ErrorConsequence ConsequenceOf(Operation operation, PolicyEnforced decision)
    {
        ArgumentNullException.ThrowIfNull(operation);
        ArgumentNullException.ThrowIfNull(decision);
        for (var i = 0; i < operation.Chain.Count - 1; i++)
        {
            var entry = operation.Chain[i];
            if (entry.Seq != operation.Seq && entry.Seq != decision.OperationSeq
                && finished.TryGetValue(entry.Seq, out var outcome) && outcome == FrameOutcome.Succeeded
                && entry.Kind is ChainEntryKind.Function or ChainEntryKind.Statement or ChainEntryKind.Query or ChainEntryKind.Utility)
            {
                return ErrorConsequence.Caught;
            }
        }

        foreach (var (seq, outcome) in transactionEnds)
        {
            if (seq > decision.Frame.Seq)
            {
                return outcome == TransactionOutcome.Aborted ? ErrorConsequence.RolledBack : ErrorConsequence.RolledBackToSavepoint;
            }
        }

        return ErrorConsequence.NotRecorded;
    }

    private void Finished(long seq, FrameOutcome outcome, string sqlState)
    {
        finished[seq] = outcome;
        if (outcome == FrameOutcome.Failed)
        {
            failures[seq] = sqlState;
        }
    }

    private void Keep(long seq, PolicyEnforced decision)
    {
        if (!byOperation.TryGetValue(seq, out var kept) || (kept.Level != ErrorLevel && decision.Level == ErrorLevel))
        {
            byOperation[seq] = decision;
        }
    }
}
