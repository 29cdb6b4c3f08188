using TraceLab.Events;
using TraceLab.Replayer;
using TraceLab.Scenarios.Naming;

namespace TraceLab.Scenarios.Agreement;

/// <summary>The operations of one session recorded with a policy enforced, and what happened to each.</summary>
internal static class EnforcedOperations
{
    /// <summary>Replays <paramref name="frames"/> under the enforced policy alone (<paramref name="engine"/>) to rebuild
    /// the operations as the prediction has them, and reads what happened to each from the probe's decisions.</summary>
    /// <remarks>
    /// <para>An operation is <c>blocked</c> where the probe recorded an ERROR at it, <c>warned</c> where it recorded a
    /// WARNING, <c>allowed</c> otherwise; it is <c>handler_ran</c> where the replay of this very recording says
    /// <c>handler_would_run</c>: there the error really was caught and the function's handler really ran, which is the
    /// path the unenforced run could not show.</para>
    /// <para>A decision no rebuilt operation claims (the probe judged something the replay does not count as an
    /// operation) becomes an operation of its own, with the frame's command and no chain, so it is never lost.</para>
    /// </remarks>
    public static async Task<List<EnforcedOperation>> ReadAsync(
        string sessionId, IReadOnlyList<IRecordedFrame> frames, ReplayEngine engine, RoleRenamer names, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(frames);
        ArgumentNullException.ThrowIfNull(engine);
        var facts = new EnforcementFacts();
        foreach (var frame in frames)
        {
            facts.Observe(frame);
        }

        var operations = new List<(long Seq, EnforcedOperation Operation)>();
        var claimed = new HashSet<long>();
        await foreach (var replayed in engine.StreamAsync(RecordedSession.FromFrames(sessionId, frames), ct))
        {
            var operation = replayed.Operation;
            var decision = facts.DecisionAt(operation.Seq);
            if (decision is not null)
            {
                claimed.Add(decision.Frame.Seq);
            }

            var compared = ComparedOperations.Of(operation, names);
            var failed = facts.FailureAt(operation.Seq);
            var enforced = replayed.Verdicts[0].Outcome == Outcome.HandlerWouldRun
                ? new EnforcedOperation(compared, EnforcedOutcome.HandlerRan, Message(decision, names), FailedWith: failed)
                : decision is null
                    ? new EnforcedOperation(compared, EnforcedOutcome.Allowed, FailedWith: failed)
                    : new EnforcedOperation(compared, OutcomeOf(decision), Message(decision, names),
                        decision.Level == EnforcementFacts.ErrorLevel ? facts.ConsequenceOf(operation, decision) : null, failed);
            operations.Add((operation.Seq, enforced));
        }

        foreach (var decision in facts.Decisions.Where(d => !claimed.Contains(d.Frame.Seq)))
        {
            var command = facts.CommandAt(decision.OperationSeq) ?? $"operation at frame {decision.OperationSeq}";
            operations.Add((decision.OperationSeq, new EnforcedOperation(new ComparedOperation(command, []), OutcomeOf(decision), Message(decision, names))));
        }

        return [.. operations.OrderBy(o => o.Seq).Select(o => o.Operation)];
    }

    private static EnforcedOutcome OutcomeOf(PolicyEnforced decision) =>
        decision.Level == EnforcementFacts.ErrorLevel ? EnforcedOutcome.Blocked : EnforcedOutcome.Warned;

    private static EnforcementMessage? Message(PolicyEnforced? decision, RoleRenamer names) => decision is null
        ? null
        : new EnforcementMessage(
            ComparedOperations.Restore(decision.Message, names),
            ComparedOperations.RestoreOrNull(decision.Detail, names),
            ComparedOperations.RestoreOrNull(decision.Hint, names));
}
