using TraceLab.Policies.Evaluation;
using TraceLab.Policies.Model;

namespace TraceLab.Policies;

/// <summary>What the policies of a <see cref="PolicySet"/> decided about one operation, before their verdicts are made
/// (<see cref="PolicySet.Verdicts"/>).</summary>
/// <remarks>Immutable: operations with the same facts share one. Making the verdicts needs only these and the
/// operation, so it can happen later, on another thread than deciding.</remarks>
public sealed class PolicyDecisions
{
    internal PolicyDecisions(Outcome[] outcomes, Verdict[]? asked)
    {
        Outcomes = outcomes;
        Asked = asked;
        AllAllowed = outcomes.All(o => o.Decision == Decision.Allowed) && (asked?.All(v => v.Decision == Decision.Allowed) ?? true);
    }

    /// <summary>Whether every policy allowed the operation.</summary>
    public bool AllAllowed { get; }

    /// <summary>The outcomes of the policies written in the policy language, in their order among the set's.</summary>
    internal Outcome[] Outcomes { get; }

    /// <summary>The verdicts of the other policies, in their order among the set's; <c>null</c> when there are none.</summary>
    internal Verdict[]? Asked { get; }
}
