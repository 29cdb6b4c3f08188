using System.Runtime.CompilerServices;
using TraceLab.Events;
using TraceLab.Policies;
using TraceLab.Policies.Model;
using TraceLab.Replayer.Provenance;

namespace TraceLab.Replayer.Counterfactual;

/// <summary>Replays one session under every policy: rebuilds each operation, asks every policy, and derives each
/// policy's outcome from its verdict and its earlier blocks.</summary>
/// <remarks>
/// Feed the frames in seq order to <see cref="Observe"/>. Live state is the provenance builder's (frames still
/// running, descriptors, analyses per query id), the open unit and subtransactions, and a few fields per policy; it
/// never grows with the length of the session.
/// </remarks>
internal sealed class SessionReplay
{
    private readonly IPolicy[] policies;
    private readonly PolicySet set;
    private readonly Verdict[] evaluated;
    private readonly CounterfactualState[] states;
    private readonly PolicyVerdict[][] allowed;
    private readonly TransactionTimeline timeline = new();
    private readonly RoleSwitchStatementJoin roleSwitches = new();
    private readonly SharedVerdicts shared = new();
    private readonly RoleChangeEffects roleChanges;
    private readonly ObjectEffects objects;
    private readonly PolicyVerdict[] scratch;
    private readonly Outcome[] outcomes;
    private long lastSeq;

    /// <param name="policies">The policies, in report order.</param>
    /// <param name="allowed">Per policy, the <see cref="PolicyVerdict"/> of an allowing verdict for each outcome, shared
    /// between operations (an allowed verdict carries no text, so most operations allocate none).</param>
    public SessionReplay(string sessionId, IPolicy[] policies, PolicyVerdict[][] allowed, LeaderSessionResolver? leaderResolver)
    {
        this.policies = policies;
        set = new PolicySet(policies);
        evaluated = new Verdict[policies.Length];
        this.allowed = allowed;
        Builder = new ProvenanceBuilder(sessionId, leaderResolver);
        scratch = new PolicyVerdict[policies.Length];
        outcomes = new Outcome[policies.Length];
        roleChanges = new RoleChangeEffects(policies.Length);
        objects = new ObjectEffects(policies.Length);
        states = new CounterfactualState[policies.Length];
        for (var i = 0; i < states.Length; i++)
        {
            states[i] = new CounterfactualState();
        }
    }

    public ProvenanceBuilder Builder { get; }

    public TransactionTimeline Timeline => timeline;

    /// <summary>Policies some earlier block still affects (for tests of boundedness).</summary>
    public int ActiveStates => states.Count(s => !s.IsIdle);

    /// <summary>The most savepoint and function ids one policy's state keeps now (for tests of boundedness).</summary>
    public int MaxRememberedIds
    {
        get
        {
            var max = 0;
            foreach (var state in states)
            {
                max = Math.Max(max, state.RememberedIds);
            }

            return max;
        }
    }

    /// <summary>The shared allowing verdicts for <paramref name="policies"/>, one per policy and outcome.</summary>
    public static PolicyVerdict[][] AllowedVerdicts(IReadOnlyList<IPolicy> policies)
    {
        var outcomes = Enum.GetValues<Outcome>();
        return
        [
            .. policies.Select(p =>
            {
                var byOutcome = new PolicyVerdict[outcomes.Max(o => (int)o) + 1];
                foreach (var outcome in outcomes)
                {
                    byOutcome[(int)outcome] = new PolicyVerdict(p.Name, Verdict.Allow(), outcome);
                }

                return byOutcome;
            }),
        ];
    }

    /// <summary>Consumes the next frame; returns the operation it starts with every policy's verdict and outcome (a
    /// <c>SET</c> or <c>RESET</c> statement one frame later, joined with the role switch it performs).</summary>
    public ReplayedOperation? Observe(IRecordedFrame frame) => Judge(Build(frame));

    /// <summary>The provenance half of <see cref="Observe"/>: rebuilds the operation the frame starts, if any, and what
    /// the policies decide about it, with what <see cref="Judge(in ReplayStep)"/> needs to know of the provenance state
    /// at that frame.</summary>
    /// <remarks>Provenance and the policies' decisions never depend on verdicts or outcomes, so a streaming replay builds
    /// on one thread and judges on another: each half keeps its own state and sees every frame in seq order (the
    /// judging half only turns the decisions into verdicts, which reads nothing the building half changes). Call
    /// <see cref="Judge(in ReplayStep)"/> with the steps in the order they were built.</remarks>
    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReplayStep Build(IRecordedFrame frame)
    {
        var seq = frame.Frame.Seq;
        if (seq <= lastSeq)
        {
            // The builder counts it as skipped and yields nothing; the timeline never sees it.
            Builder.Observe(frame);
            return new ReplayStep(frame, null, Skipped: true, ParentIsFunction: false);
        }

        lastSeq = seq;
        var operation = Builder.Observe(frame);
        var parentIsFunction = frame is SubtransactionStarted started && Builder.IsLiveFunction(started.Frame.Parent);
        return new ReplayStep(frame, operation, Skipped: false, parentIsFunction, operation is null ? null : set.Decide(operation));
    }

    /// <summary>The counterfactual half of <see cref="Observe"/>: every policy's verdict and outcome for the step's
    /// operation, if it has one, and the step's effect on the transaction timeline and each policy's state.</summary>
    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public ReplayedOperation? Judge(in ReplayStep step)
    {
        if (step.Skipped)
        {
            return null;
        }

        timeline.Before(step.Frame);
        // Build gives every operation its decisions.
        var replayed = step is { Operation: { } operation, Decisions: { } decisions } ? Judge(operation, decisions, step.Frame) : null;
        After(step.Frame, step.ParentIsFunction);
        return roleSwitches.Next(replayed, step.Frame);
    }

    /// <summary>The operation still held back at the end of the session (a <c>SET</c> statement waiting for the role
    /// switch it may perform, see <see cref="RoleSwitchStatementJoin"/>), if any: call it once after the last frame.</summary>
    public ReplayedOperation? Flush() => roleSwitches.Flush();

    // On every operation's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ReplayedOperation Judge(Operation operation, PolicyDecisions decisions, IRecordedFrame frame)
    {
        var transactionControl = frame is StatementStarted { Kind: StatementKind.Utility, Frame.Parent: 0 } statement
                                 && TransactionControl.EndsOrRepairs(statement.CommandTag);
        var unit = timeline.Unit;
        var verdicts = scratch;
        var key = policies.Length <= SharedVerdicts.MaxPolicies ? 0UL : SharedVerdicts.NotShared;
        set.Verdicts(operation, decisions, evaluated);
        for (var i = 0; i < policies.Length; i++)
        {
            // What a blocked statement would have done is undone per policy (SEMANTICS.md): an operation that meets it
            // is judged as that policy sees it, apart from the decisions taken while building.
            var judged = roleChanges.Apply(i, operation);
            var failure = objects.AnyMissing ? objects.Classify(i, frame, ref judged) : ObjectFailure.None;
            var verdict = ReferenceEquals(judged, operation) ? evaluated[i] : policies[i].Evaluate(judged);
            var outcome = states[i].Judge(PolicyVerdict.OutcomeOf(verdict), operation.Chain, unit, transactionControl, timeline);
            var began = outcome == Outcome.Blocked;
            if (failure != ObjectFailure.None && outcome is Outcome.Allowed or Outcome.Warned or Outcome.Blocked)
            {
                // PostgreSQL fails the statement for want of an object the policy kept from being made.
                if (!began)
                {
                    states[i].Fail(operation.Chain, unit, timeline);
                    began = true;
                }

                if (failure == ObjectFailure.BeforeRunning)
                {
                    outcome = Outcome.NotReached;
                }
            }

            if (began)
            {
                objects.RolledBack(i, states[i]);
            }

            outcomes[i] = outcome;
            if (!ReferenceEquals(judged.Chain, operation.Chain) && failure != ObjectFailure.None)
            {
                verdicts[i] = new PolicyVerdict(policies[i].Name, verdict, outcome) { JudgedChain = judged.Chain };
                key = SharedVerdicts.NotShared;
            }
            else if (ReferenceEquals(verdict, Verdict.Allow()))
            {
                verdicts[i] = allowed[i][(int)outcome];
                key = SharedVerdicts.With(key, i, outcome);
            }
            else
            {
                verdicts[i] = new PolicyVerdict(policies[i].Name, verdict, outcome);
                key = SharedVerdicts.NotShared;
            }
        }

        objects.Judged(operation, outcomes);
        if (RoleChangeEffects.ChangesRoles(operation))
        {
            roleChanges.Remember(operation, outcomes);
        }

        return new ReplayedOperation(operation, shared.Of(key, verdicts));
    }

    // On every frame's path: optimized from the first call, not run as ReadyToRun code (half as fast) until tiering.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void After(IRecordedFrame frame, bool parentIsFunction)
    {
        var closed = timeline.After(frame, parentIsFunction);
        roleChanges.Observe(frame);
        objects.Observe(frame, states, timeline);
        switch (frame)
        {
            case FunctionExited exited:
                foreach (var state in states)
                {
                    state.FunctionExited(exited.EnteredSeq);
                }

                break;
            case TransactionEnded:
                foreach (var state in states)
                {
                    state.TransactionEnded();
                }

                break;
            case SubtransactionEnded ended:
                foreach (var state in states)
                {
                    state.SubtransactionEnded(ended.SubtransactionId, ended.Outcome);
                }

                break;
            case SessionEnded:
                foreach (var state in states)
                {
                    state.Reset();
                }

                break;
        }

        if (closed != 0)
        {
            foreach (var state in states)
            {
                state.UnitClosed(closed);
            }
        }
    }
}
