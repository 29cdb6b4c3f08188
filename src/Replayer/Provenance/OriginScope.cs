using TraceLab.Events;

namespace TraceLab.Replayer.Provenance;

/// <summary>Where to look for the stored definition that brought a call without a call site into a statement.</summary>
/// <param name="Analysis">The statement's parse analysis: its views, coerced domains and aggregates, and (when
/// <paramref name="Relations"/> is null) its relations.</param>
/// <param name="Relations">The relations to consider with whether each is a target, in order; <c>null</c> takes them
/// from <paramref name="Analysis"/>.</param>
/// <param name="TargetKinds">Stored code considered for target relations.</param>
/// <param name="ListedKinds">Stored code considered for every relation, targets included.</param>
/// <param name="RuleEvent">Only rules for this event (INSERT, UPDATE, DELETE); <c>null</c> for all.</param>
/// <param name="AppliedRowSecurity">The policies the plan applied, when a PlanFinished said so; otherwise every
/// policy of a relation with row security counts.</param>
/// <param name="Seq">The seq entries found here are stamped with (the analysis, or the call when there is none).</param>
internal sealed record OriginScope(
    QueryAnalyzed? Analysis,
    IReadOnlyList<AnalyzedRelation>? Relations,
    CodeKinds TargetKinds,
    CodeKinds ListedKinds,
    string? RuleEvent,
    IReadOnlyList<AppliedRowSecurity>? AppliedRowSecurity,
    long Seq);
