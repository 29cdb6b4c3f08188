namespace TraceLab.Reports;

/// <summary>The outcomes in report order (<see cref="ReportNames.AllOutcomes"/>), and the tests and sentences every
/// format shares.</summary>
internal static class Outcomes
{
    /// <summary>Every outcome, in the order reports list them.</summary>
    public static IReadOnlyList<Outcome> All => ReportNames.AllOutcomes;

    /// <summary>Whether the outcome was caused by an earlier block rather than given by the policy itself.</summary>
    public static bool IsCounterfactual(Outcome outcome) =>
        outcome is Outcome.NotReached or Outcome.Aborted or Outcome.HandlerWouldRun;

    /// <summary>Whether some policy did anything but allow the operation: the operations bounded reports keep.</summary>
    public static bool IsNotSimplyAllowed(ReplayedOperation operation) =>
        operation.Verdicts.Any(v => v.Outcome != Outcome.Allowed);

    /// <summary>The chain indexes that a policy blocking or warning about the operation names as culprit.</summary>
    public static HashSet<int> Culprits(ReplayedOperation operation) =>
    [
        .. operation.Verdicts
            .Where(v => v.Outcome is Outcome.Blocked or Outcome.Warned && v.Verdict.CulpritIndex is not null)
            .Select(v => v.Verdict.CulpritIndex.GetValueOrDefault()),
    ];

    /// <summary>The policies that name each culprit, by chain index, in report order: with several policies a chain can
    /// have a culprit per policy, and a reader must see whose each is.</summary>
    public static ILookup<int, string> CulpritPolicies(ReplayedOperation operation) =>
        operation.Verdicts
            .Where(v => v.Outcome is Outcome.Blocked or Outcome.Warned && v.Verdict.CulpritIndex is not null)
            .ToLookup(v => v.Verdict.CulpritIndex.GetValueOrDefault(), v => v.Policy);

    /// <summary>The mark after a culprit entry: <c>← culprit</c> when the report has one policy (the culprit can only be
    /// its own), <c>← culprit under a and b</c> when it has several.</summary>
    public static string CulpritMark(IEnumerable<string> culpritPolicies, int reportPolicies) =>
        reportPolicies > 1 ? $"← culprit under {Enumeration(culpritPolicies)}" : "← culprit";

    /// <summary><c>a</c>, <c>a and b</c>, <c>a, b and c</c>.</summary>
    public static string Enumeration(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count <= 1 ? string.Concat(list) : $"{string.Join(", ", list.Take(list.Count - 1))} and {list[^1]}";
    }

    /// <summary>Why a counterfactual outcome happened, as a sentence about <paramref name="policy"/>.</summary>
    public static string Explain(Outcome outcome, string policy) => outcome switch
    {
        Outcome.NotReached => $"An earlier block under {policy} would have ended the statement before this operation.",
        Outcome.Aborted => $"An earlier block under {policy} would have aborted the transaction this operation ran in.",
        Outcome.HandlerWouldRun =>
            $"An earlier block under {policy} fell inside a PL/pgSQL EXCEPTION block, whose handler would have run instead.",
        Outcome.Blocked => $"{policy} would block this operation.",
        Outcome.Warned => $"{policy} would warn about this operation.",
        _ => $"{policy} allows this operation.",
    };
}
