using TraceLab.Events;

namespace TraceLab.Replayer.Provenance;

/// <summary>What a finished plan tells the statements that run it.</summary>
/// <param name="RowSecurity">The row-security policies the plan applied (PlanFinished).</param>
/// <param name="InlinedCalls">The calls the planner inlined, in the order they were written under the plan.</param>
internal sealed record FinishedPlan(IReadOnlyList<AppliedRowSecurity> RowSecurity, IReadOnlyList<InlinedCall> InlinedCalls);
